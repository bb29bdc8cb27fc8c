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
