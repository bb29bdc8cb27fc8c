/**
 * The call statistics of the cloud sandboxes (DMS, DLC): calls per operation and download, error
 * codes sent, calls refused for rate and the busiest second. The object is plain data (plus
 * `reset`), so it serialises as-is for GET /_stats. Also the copy from the cluster-wide counters of
 * a shared state (state.ts) into a sandbox's own call counts, which the PatSnap sandbox uses too.
 */
import { emptyRecord, type SandboxCounters } from './state.js';

export interface CallStats<Counted extends string> {
  /** API requests per action (unknown actions under `other`), and downloads. */
  calls: Record<Counted, number>;
  /** Error codes sent, e.g. { 'SignatureDoesNotMatch': 1, 'Throttling.User': 3 }. */
  errors: Record<string, number>;
  rejectedForRate: number;
  maxCallsInOneSecond: number;
  /** Verified API calls per access key id: which account called (this instance only, not in GET /_stats). */
  keyIds: Record<string, number>;
  reset(): void;
}

/** The figures alone, as GET /_stats sends them. */
export type CallStatsSnapshot<Counted extends string> = Omit<CallStats<Counted>, 'reset' | 'keyIds'>;

/** `zero` with each operation's count taken from the cluster-wide `calls` (0 where it has none). */
export function callCountsOf<Counts extends Record<string, number>>(
  zero: Counts,
  calls: SandboxCounters['calls'],
): Counts {
  for (const operation of Object.keys(zero) as (keyof Counts & string)[]) {
    (zero as Record<string, number>)[operation] = calls[operation] ?? 0;
  }
  return zero;
}

/** A copy of `stats`' figures, in the field order of GET /_stats. */
export function callStatsSnapshotOf<Counted extends string>(
  stats: CallStatsSnapshot<Counted>,
): CallStatsSnapshot<Counted> {
  return {
    calls: { ...stats.calls },
    errors: Object.assign(emptyRecord(), stats.errors),
    rejectedForRate: stats.rejectedForRate,
    maxCallsInOneSecond: stats.maxCallsInOneSecond,
  };
}

/** The cluster-wide counters of a shared state, in the shape whose call counts `zero` makes. */
export function callStatsOfCounters<Counted extends string>(
  counters: SandboxCounters,
  zero: () => Record<Counted, number>,
): CallStatsSnapshot<Counted> {
  return callStatsSnapshotOf({ ...counters, calls: callCountsOf(zero(), counters.calls) });
}

/** `Api` are the operations a call is recorded for (QPS-counted), `Download` the other counts. */
export class CallStatsRecorder<Api extends string, Download extends string>
  implements CallStats<Api | Download>
{
  calls: Record<Api | Download, number>;
  errors = emptyRecord();
  rejectedForRate = 0;
  maxCallsInOneSecond = 0;
  keyIds = emptyRecord();
  readonly #zero: () => Record<Api | Download, number>;
  #second = Number.NaN;
  #inSecond = 0;

  constructor(zero: () => Record<Api | Download, number>) {
    this.#zero = zero;
    this.calls = zero();
  }

  reset(): void {
    this.calls = this.#zero();
    this.errors = emptyRecord();
    this.rejectedForRate = 0;
    this.maxCallsInOneSecond = 0;
    this.keyIds = emptyRecord();
    this.#second = Number.NaN;
    this.#inSecond = 0;
  }

  recordCall(operation: Api, nowMs: number): void {
    this.calls[operation] += 1;
    const second = Math.floor(nowMs / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#inSecond = 0;
    }
    this.#inSecond += 1;
    this.maxCallsInOneSecond = Math.max(this.maxCallsInOneSecond, this.#inSecond);
  }

  recordKeyId(keyId: string): void {
    this.keyIds[keyId] = (this.keyIds[keyId] ?? 0) + 1;
  }

  recordError(code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }
}
