/**
 * What the sandbox saw, for tests and for judging the gateway's poll policy: call counts, how close
 * the client came to the QPS budget, and whether it ever polled one task twice at the same time.
 * The object is plain data (plus `reset`), so it serialises as-is for GET /_stats. It is this
 * instance's view; with a shared state (state.ts) GET /_stats shows the cluster's, in the same shape.
 */
import { callCountsOf } from '../../shared/sandbox/call-stats.js';
import { emptyRecord, type SandboxCounters } from '../../shared/sandbox/state.js';

export type PatSnapOperation =
  | 'oauth.token'
  | 'export.create'
  | 'export.status'
  | 'search.nested'
  | 'search.query'
  | 'report.create'
  | 'report.status'
  | 'files.download';
/** Operations that count against the QPS budget; downloads go to the file host, not the API. */
export type PatSnapApiOperation = Exclude<PatSnapOperation, 'files.download'>;

export type PatSnapCallCounts = Record<PatSnapOperation, number>;

export interface PatSnapSandboxStats {
  /** Requests received per operation, including those refused for rate, faults or credentials. */
  calls: PatSnapCallCounts;
  /** Status polls (GET /patent-search/task per `task_id`, R001 status per `job_id`) per id. */
  statusCallsByTask: Record<string, number>;
  /** API calls refused with 67200002 because the second's budget was spent. */
  rejectedForRate: number;
  /** Most API calls received in any one calendar second (accepted and refused alike). */
  maxCallsInOneSecond: number;
  /** API calls received per calendar second (epoch seconds as keys), the last 600 seconds. */
  callsPerSecond: Record<string, number>;
  /** Most status calls for one task id that were in flight at the same moment, over all tasks. */
  maxInFlightStatusPerTask: number;
  /** The same maximum per task id. */
  maxInFlightStatusByTask: Record<string, number>;
  /** Zeroes every counter (requests in flight right now still finish normally). */
  reset(): void;
}

/** The figures alone, as GET /_stats sends them. */
export type PatSnapStatsSnapshot = Omit<PatSnapSandboxStats, 'reset'>;

const HISTOGRAM_SECONDS = 600;

function zeroCalls(): PatSnapCallCounts {
  return {
    'oauth.token': 0,
    'export.create': 0,
    'export.status': 0,
    'search.nested': 0,
    'search.query': 0,
    'report.create': 0,
    'report.status': 0,
    'files.download': 0,
  };
}

/** A copy of `stats`' figures, in the field order of GET /_stats. */
export function snapshotOf(stats: PatSnapStatsSnapshot): PatSnapStatsSnapshot {
  return {
    calls: { ...stats.calls },
    statusCallsByTask: Object.assign(emptyRecord(), stats.statusCallsByTask),
    rejectedForRate: stats.rejectedForRate,
    maxCallsInOneSecond: stats.maxCallsInOneSecond,
    callsPerSecond: Object.assign(emptyRecord(), stats.callsPerSecond),
    maxInFlightStatusPerTask: stats.maxInFlightStatusPerTask,
    maxInFlightStatusByTask: Object.assign(emptyRecord(), stats.maxInFlightStatusByTask),
  };
}

/** The cluster-wide counters of a shared state, in PatSnap's shape. */
export function statsOfCounters(counters: SandboxCounters): PatSnapStatsSnapshot {
  return snapshotOf({ ...counters, calls: callCountsOf(zeroCalls(), counters.calls) });
}

export class SandboxStats implements PatSnapSandboxStats {
  calls = zeroCalls();
  statusCallsByTask = emptyRecord();
  rejectedForRate = 0;
  maxCallsInOneSecond = 0;
  callsPerSecond = emptyRecord();
  maxInFlightStatusPerTask = 0;
  maxInFlightStatusByTask = emptyRecord();
  /** Live requests, not history: kept across reset() so finishing requests never go negative. */
  readonly #inFlightByTask = new Map<string, number>();
  #newestSecond = Number.NEGATIVE_INFINITY;

  reset(): void {
    this.calls = zeroCalls();
    this.statusCallsByTask = emptyRecord();
    this.rejectedForRate = 0;
    this.maxCallsInOneSecond = 0;
    this.callsPerSecond = emptyRecord();
    this.maxInFlightStatusPerTask = 0;
    this.maxInFlightStatusByTask = emptyRecord();
    this.#newestSecond = Number.NEGATIVE_INFINITY;
  }

  recordApiCall(operation: PatSnapApiOperation, nowMs: number): void {
    this.calls[operation] += 1;
    const second = Math.floor(nowMs / 1000);
    if (second > this.#newestSecond) {
      this.#newestSecond = second;
      this.#forgetSecondsBefore(second - HISTOGRAM_SECONDS + 1);
    }
    const inSecond = (this.callsPerSecond[second] ?? 0) + 1;
    this.callsPerSecond[second] = inSecond;
    this.maxCallsInOneSecond = Math.max(this.maxCallsInOneSecond, inSecond);
  }

  recordDownload(): void {
    this.calls['files.download'] += 1;
  }

  recordRateRejection(): void {
    this.rejectedForRate += 1;
  }

  /** Marks a status call for `taskId` as started; call the returned function when it has ended. */
  statusCallStarted(taskId: string): () => void {
    this.statusCallsByTask[taskId] = (this.statusCallsByTask[taskId] ?? 0) + 1;
    const inFlight = (this.#inFlightByTask.get(taskId) ?? 0) + 1;
    this.#inFlightByTask.set(taskId, inFlight);
    this.maxInFlightStatusByTask[taskId] = Math.max(this.maxInFlightStatusByTask[taskId] ?? 0, inFlight);
    this.maxInFlightStatusPerTask = Math.max(this.maxInFlightStatusPerTask, inFlight);
    return () => this.#statusCallEnded(taskId);
  }

  #statusCallEnded(taskId: string): void {
    const left = (this.#inFlightByTask.get(taskId) ?? 1) - 1;
    if (left > 0) this.#inFlightByTask.set(taskId, left);
    else this.#inFlightByTask.delete(taskId);
  }

  #forgetSecondsBefore(oldestKept: number): void {
    for (const key of Object.keys(this.callsPerSecond)) {
      if (Number(key) < oldestKept) delete this.callsPerSecond[key];
    }
  }
}
