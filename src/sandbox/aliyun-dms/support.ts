/**
 * Stats and scripted faults of the DMS sandbox: the same roles as the PatSnap sandbox's
 * stats.ts / faults.ts (the QPS budget is in ../state.ts; the mechanics in ../call-stats.ts and
 * ../fault-queue.ts), with Alibaba's vocabulary.
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

export const DMS_API_OPERATIONS = ['DownloadDataTrackResult', 'QueryDataTrackResultDownloadStatus'] as const;
export type DmsApiOperation = (typeof DMS_API_OPERATIONS)[number];

/** What `calls` counts: API requests per action header (unknown actions under `other`), and downloads. */
export type DmsCountedCall = DmsApiOperation | 'other' | 'oss.download';

export type DmsSandboxStats = CallStats<DmsCountedCall>;

/** The figures alone, as GET /_stats sends them. */
export type DmsStatsSnapshot = CallStatsSnapshot<DmsCountedCall>;

/** A copy of `stats`' figures, in the field order of GET /_stats. */
export const snapshotOf: (stats: DmsStatsSnapshot) => DmsStatsSnapshot = callStatsSnapshotOf;

/** The cluster-wide counters of a shared state, in this sandbox's shape. */
export function statsOfCounters(counters: SandboxCounters): DmsStatsSnapshot {
  return callStatsOfCounters(counters, Stats.zero);
}

export class Stats extends CallStatsRecorder<DmsApiOperation | 'other', 'oss.download'> {
  constructor() {
    super(Stats.zero);
  }

  static zero(): DmsSandboxStats['calls'] {
    return { DownloadDataTrackResult: 0, QueryDataTrackResultDownloadStatus: 0, other: 0, 'oss.download': 0 };
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

export type DmsFaultSpec = FaultSpec<DmsApiOperation, DmsFaultKind>;

export type DmsFaults = Faults<DmsApiOperation, DmsFaultKind>;

export const parseDmsFaultSpec = faultSpecParser(DMS_API_OPERATIONS, DMS_FAULT_KINDS);

export class FaultQueue
  extends GenericFaultQueue<DmsApiOperation, DmsFaultKind, DmsApiOperation | 'other'>
  implements DmsFaults
{
  constructor() {
    super(parseDmsFaultSpec, 'DMS');
  }
}
