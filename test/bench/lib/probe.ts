import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BENCH_SANDBOX_CONTROL_TOKEN } from './processes.js';

/** Reading a child's resources from the outside: /proc (Linux) and the gateway's /metrics. */

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU time the process has used so far, in ms; null where /proc is unavailable. */
export function cpuTimeMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / ticksPerSecond();
  } catch {
    return null;
  }
}

/** Resident set size in bytes (VmRSS); null where /proc is unavailable. */
export function rssBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

/** Prometheus text -> sum of the samples of `name` whose labels include all of `labels`. */
export function metricFrom(text: string, name: string, labels: Record<string, string> = {}): number | null {
  let sum: number | null = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum = (sum ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/**
 * Prometheus text -> the cumulative bucket counts of histogram `name` (summed over every other label),
 * by upper bound in seconds (+Inf last); empty when the histogram is not exported.
 */
export function histogramFrom(text: string, name: string): Map<number, number> {
  const buckets = new Map<number, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}_bucket{`)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    if (le === undefined) continue;
    const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return new Map([...buckets.entries()].sort((a, b) => a[0] - b[0]));
}

export interface HistogramDelta {
  /** Observations between the two readings. */
  count: number;
  /** Upper bound (s) of the bucket that holds the p-th percentile; +Inf above the last bound. */
  p99Bound: number;
  p50Bound: number;
  /** Upper bound (s) of the highest bucket that gained an observation. */
  maxBound: number;
  /** Observations per bucket (not cumulative) between the readings, by upper bound. */
  perBucket: Record<string, number>;
}

/** What a histogram gained between two readings; null when it is not exported or nothing was observed. */
export function histogramDelta(
  before: Map<number, number>,
  after: Map<number, number>,
): HistogramDelta | null {
  if (after.size === 0) return null;
  const bounds = [...after.keys()];
  const cumulative = bounds.map((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0));
  const count = cumulative[cumulative.length - 1] ?? 0;
  if (count <= 0) return null;
  const boundAt = (p: number) => {
    const rank = Math.ceil((p / 100) * count);
    const index = cumulative.findIndex((c) => c >= rank);
    return bounds[index] ?? Number.POSITIVE_INFINITY;
  };
  const perBucket: Record<string, number> = {};
  let maxBound = 0;
  cumulative.forEach((c, i) => {
    const inBucket = c - (i > 0 ? (cumulative[i - 1] ?? 0) : 0);
    const bound = bounds[i] as number;
    if (inBucket > 0) {
      perBucket[Number.isFinite(bound) ? String(bound) : '+Inf'] = inBucket;
      maxBound = bound;
    }
  });
  return { count, p99Bound: boundAt(99), p50Bound: boundAt(50), maxBound, perBucket };
}

export async function fetchMetrics(origin: string): Promise<string> {
  const response = await fetch(`${origin}/metrics`);
  return response.text();
}

export async function metric(
  origin: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | null> {
  return metricFrom(await fetchMetrics(origin), name, labels);
}

/** The part of the PatSnap sandbox's GET /_stats that the benchmarks read. */
export interface VendorStats {
  calls: Record<string, number>;
  statusCallsByTask: Record<string, number>;
  rejectedForRate: number;
  maxCallsInOneSecond: number;
  callsPerSecond: Record<string, number>;
  maxInFlightStatusPerTask: number;
}

const CONTROL = { 'x-sandbox-control': BENCH_SANDBOX_CONTROL_TOKEN };

export async function vendorStats(vendorBase: string): Promise<VendorStats> {
  const response = await fetch(`${vendorBase}/_stats`, { headers: CONTROL });
  if (!response.ok) throw new Error(`GET ${vendorBase}/_stats: HTTP ${response.status}`);
  return (await response.json()) as VendorStats;
}

export async function resetVendorStats(vendorBase: string): Promise<void> {
  const response = await fetch(`${vendorBase}/_stats/reset`, { method: 'POST', headers: CONTROL });
  if (!response.ok) throw new Error(`POST ${vendorBase}/_stats/reset: HTTP ${response.status}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it returns true; false after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  everyMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
}
