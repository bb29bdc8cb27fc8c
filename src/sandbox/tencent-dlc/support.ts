/**
 * Stats and scripted faults of the DLC sandbox: the same roles as the PatSnap sandbox's
 * stats.ts / faults.ts (the QPS budget is in ../state.ts; the mechanics in ../call-stats.ts and
 * ../fault-queue.ts), with Tencent's vocabulary.
 */
import {
  type CallStats,
  CallStatsRecorder,
  type CallStatsSnapshot,
  callStatsOfCounters,
  callStatsSnapshotOf,
} from '../call-stats.js';
import {
  type FaultSpec,
  type Faults,
  faultSpecParser,
  FaultQueue as GenericFaultQueue,
} from '../fault-queue.js';
import type { SandboxCounters } from '../state.js';

export const DLC_API_OPERATIONS = ['CreateResultDownload', 'DescribeResultDownload'] as const;
export type DlcApiOperation = (typeof DLC_API_OPERATIONS)[number];

/** What `calls` counts: API requests per action header (unknown actions under `other`), and downloads. */
export type DlcCountedCall = DlcApiOperation | 'other' | 'cos.download';

export type DlcSandboxStats = CallStats<DlcCountedCall>;

/** The figures alone, as GET /_stats sends them. */
export type DlcStatsSnapshot = CallStatsSnapshot<DlcCountedCall>;

/** A copy of `stats`' figures, in the field order of GET /_stats. */
export const snapshotOf: (stats: DlcStatsSnapshot) => DlcStatsSnapshot = callStatsSnapshotOf;

/** The cluster-wide counters of a shared state, in this sandbox's shape. */
export function statsOfCounters(counters: SandboxCounters): DlcStatsSnapshot {
  return callStatsOfCounters(counters, Stats.zero);
}

export class Stats extends CallStatsRecorder<DlcApiOperation | 'other', 'cos.download'> {
  constructor() {
    super(Stats.zero);
  }

  static zero(): DlcSandboxStats['calls'] {
    return { CreateResultDownload: 0, DescribeResultDownload: 0, other: 0, 'cos.download': 0 };
  }
}

/**
 * Error codes answer in the `Response.Error` envelope inside HTTP 200;
 * `http503` is an HTML page from a load balancer; `timeout` stalls `delayMs`, then answers normally.
 */
export const DLC_FAULT_KINDS = [
  'RequestLimitExceeded',
  'InternalError',
  'AuthFailure.SignatureExpire',
  'http503',
  'timeout',
] as const;
export type DlcFaultKind = (typeof DLC_FAULT_KINDS)[number];

export type DlcFaultSpec = FaultSpec<DlcApiOperation, DlcFaultKind>;

export type DlcFaults = Faults<DlcApiOperation, DlcFaultKind>;

export const parseDlcFaultSpec = faultSpecParser(DLC_API_OPERATIONS, DLC_FAULT_KINDS);

export class FaultQueue
  extends GenericFaultQueue<DlcApiOperation, DlcFaultKind, DlcApiOperation | 'other'>
  implements DlcFaults
{
  constructor() {
    super(parseDlcFaultSpec, 'DLC');
  }
}
