/**
 * Stats and scripted faults of the DMS sandbox: the same roles as the PatSnap sandbox's
 * stats.ts / faults.ts (the QPS budget is in ../state.ts), with Alibaba's vocabulary.
 */
import { z } from 'zod';
import { emptyRecord, type SandboxCounters } from '../state.js';

export const DMS_API_OPERATIONS = ['DownloadDataTrackResult', 'QueryDataTrackResultDownloadStatus'] as const;
export type DmsApiOperation = (typeof DMS_API_OPERATIONS)[number];

export interface DmsSandboxStats {
  /** API requests per action header (unknown actions under `other`), and OSS downloads. */
  calls: Record<DmsApiOperation | 'other' | 'oss.download', number>;
  /** Error codes sent, e.g. { 'SignatureDoesNotMatch': 1, 'Throttling.User': 3 }. */
  errors: Record<string, number>;
  rejectedForRate: number;
  maxCallsInOneSecond: number;
  reset(): void;
}

/** The figures alone, as GET /_stats sends them. */
export type DmsStatsSnapshot = Omit<DmsSandboxStats, 'reset'>;

/** A copy of `stats`' figures, in the field order of GET /_stats. */
export function snapshotOf(stats: DmsStatsSnapshot): DmsStatsSnapshot {
  return {
    calls: { ...stats.calls },
    errors: Object.assign(emptyRecord(), stats.errors),
    rejectedForRate: stats.rejectedForRate,
    maxCallsInOneSecond: stats.maxCallsInOneSecond,
  };
}

/** The cluster-wide counters of a shared state, in this sandbox's shape. */
export function statsOfCounters(counters: SandboxCounters): DmsStatsSnapshot {
  const calls = Stats.zero();
  for (const operation of Object.keys(calls) as (keyof typeof calls)[]) {
    calls[operation] = counters.calls[operation] ?? 0;
  }
  return snapshotOf({ ...counters, calls });
}

export class Stats implements DmsSandboxStats {
  calls = Stats.zero();
  errors = emptyRecord();
  rejectedForRate = 0;
  maxCallsInOneSecond = 0;
  #second = Number.NaN;
  #inSecond = 0;

  static zero(): DmsSandboxStats['calls'] {
    return { DownloadDataTrackResult: 0, QueryDataTrackResultDownloadStatus: 0, other: 0, 'oss.download': 0 };
  }

  reset(): void {
    this.calls = Stats.zero();
    this.errors = emptyRecord();
    this.rejectedForRate = 0;
    this.maxCallsInOneSecond = 0;
    this.#second = Number.NaN;
    this.#inSecond = 0;
  }

  recordCall(operation: DmsApiOperation | 'other', nowMs: number): void {
    this.calls[operation] += 1;
    const second = Math.floor(nowMs / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#inSecond = 0;
    }
    this.#inSecond += 1;
    this.maxCallsInOneSecond = Math.max(this.maxCallsInOneSecond, this.#inSecond);
  }

  recordError(code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }
}

/**
 * Gateway error codes answer as the vendor's gateway does (HTTP status + `{Code, Message}`);
 * `http503` is an HTML page from a load balancer; `timeout` stalls `delayMs`, then answers normally.
 */
export const DMS_FAULT_KINDS = [
  'Throttling.User',
  'ServiceUnavailable',
  'InternalError',
  'http503',
  'timeout',
] as const;
export type DmsFaultKind = (typeof DMS_FAULT_KINDS)[number];

export interface DmsFaultSpec {
  operation: DmsApiOperation | '*';
  kind: DmsFaultKind;
  times?: number;
  delayMs?: number;
}

export interface DmsFaults {
  /** Queues "the next `times` calls of `operation` fail this way"; throws TypeError on a bad spec. */
  inject(fault: DmsFaultSpec): void;
  clear(): void;
}

const faultSchema = z.object({
  operation: z.enum([...DMS_API_OPERATIONS, '*']),
  kind: z.enum(DMS_FAULT_KINDS),
  times: z.number().int().min(1).optional(),
  delayMs: z.number().int().min(0).optional(),
});

export function parseDmsFaultSpec(input: unknown): DmsFaultSpec | undefined {
  const parsed = faultSchema.safeParse(input);
  return parsed.success ? parsed.data : undefined;
}

export class FaultQueue implements DmsFaults {
  #queue: { operation: DmsFaultSpec['operation']; kind: DmsFaultKind; remaining: number; delayMs: number }[] =
    [];

  inject(fault: DmsFaultSpec): void {
    const spec = parseDmsFaultSpec(fault);
    if (spec === undefined) throw new TypeError(`invalid DMS sandbox fault: ${JSON.stringify(fault)}`);
    this.#queue.push({
      operation: spec.operation,
      kind: spec.kind,
      remaining: spec.times ?? 1,
      delayMs: spec.delayMs ?? (spec.kind === 'timeout' ? 15_000 : 0),
    });
  }

  clear(): void {
    this.#queue = [];
  }

  take(operation: DmsApiOperation | 'other'): { kind: DmsFaultKind; delayMs: number } | undefined {
    const index = this.#queue.findIndex((f) => f.operation === operation || f.operation === '*');
    const fault = this.#queue[index];
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.#queue.splice(index, 1);
    return { kind: fault.kind, delayMs: fault.delayMs };
  }
}
