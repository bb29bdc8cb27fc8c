/**
 * The normalized task model shared by every vendor. Vendor adapters translate their own
 * vocabularies into these values; only the task service writes TaskRecords.
 */

/** A vendor module's name (`Vendor` enum value), e.g. PATSNAP: the list is src/vendors/index.ts. */
export type Vendor = string;

/** A task kind (`TaskKind` enum value) of one of the vendor modules, e.g. PATENT_EXPORT. */
export type TaskKind = string;

export const TASK_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

const TERMINAL: ReadonlySet<TaskStatus> = new Set(['SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELLED']);

/** SUCCEEDED counts as terminal for subscribers; the poller still wakes once more to expire the URL. */
export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL.has(status);
}

export type TaskOrigin = 'STARTED' | 'TRACKED';

export interface TaskError {
  code: string;
  message: string;
  vendorCode: string | null;
  retryable: boolean;
}

export interface TaskTransition {
  status: TaskStatus;
  vendorStatus: string | null;
  at: string;
}

export interface TaskRecord {
  /** Internal id (uuid); the GraphQL id is the Relay global id of this. */
  id: string;
  tenant: string;
  vendor: Vendor;
  kind: TaskKind;
  vendorTaskId: string;
  /** STARTED through the gateway (its vendor id belongs to the tenant) or TRACKED (created elsewhere). */
  origin: TaskOrigin;
  /** The tenant whose own vendor credentials this task uses; null for the gateway's shared ones. */
  credentialTenant: string | null;
  /** Vendor-specific parameters needed to poll again (e.g. DMS orderId), JSON-safe. */
  params: Record<string, string>;
  status: TaskStatus;
  vendorStatus: string | null;
  queuePosition: number | null;
  itemCount: number | null;
  downloadUrl: string | null;
  downloadExpiresAt: string | null;
  error: TaskError | null;
  createdAt: string;
  updatedAt: string;
  pollCount: number;
  history: TaskTransition[];
  /** Compare-and-set version; every write increments it. */
  version: number;
  /** Poll bookkeeping, owned by the poll policy. */
  poll: PollState;
  /**
   * A refresh claimed this finished task to renew it at the vendor (ISO time), so that concurrent
   * refreshes make one vendor call; null when nobody is renewing it.
   */
  renewingSince: string | null;
  /**
   * The W3C traceparent of the operation that started or tracked the task, when traces are on: its
   * polls' spans link to it. Absent otherwise (and in records from before traces).
   */
  traceParent?: string;
}

export interface PollState {
  /** When the poller should next look at this task; null when nothing is due (terminal, no expiry). */
  nextPollAt: string | null;
  /** Current backoff interval in ms (before jitter). */
  intervalMs: number;
  consecutiveFailures: number;
  /** The vendor task id stops being valid at this instant (PatSnap export: 24 h). */
  deadlineAt: string | null;
}

/**
 * What an adapter reports for one status call, already mapped to our vocabulary.
 * Fields left undefined keep their previous value.
 */
export interface VendorSnapshot {
  status: TaskStatus;
  vendorStatus: string;
  queuePosition?: number | null;
  itemCount?: number | null;
  downloadUrl?: string | null;
  downloadExpiresAt?: string | null;
  error?: TaskError | null;
}

/**
 * A stored record as this version reads it: records written before `origin`, `credentialTenant` and
 * `renewingSince` existed were started or tracked on the shared credentials and are not being renewed; counting them as started keeps their
 * vendor ids attributed to their tenant.
 */
export function parseTaskRecord(json: string): TaskRecord {
  const stored: Omit<TaskRecord, 'origin' | 'credentialTenant' | 'renewingSince'> & Partial<TaskRecord> =
    JSON.parse(json);
  return {
    ...stored,
    origin: stored.origin ?? 'STARTED',
    credentialTenant: stored.credentialTenant ?? null,
    renewingSince: stored.renewingSince ?? null,
  };
}
