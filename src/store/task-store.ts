import type { TaskKind, TaskRecord, TaskStatus, Vendor } from '../tasks/model.js';

export interface TaskListQuery {
  tenant: string;
  first: number;
  /** Opaque cursor from a previous page (`encodeCursor`). */
  after?: string | null;
  statuses?: readonly TaskStatus[] | null;
  vendor?: Vendor | null;
}

export interface TaskPage {
  tasks: TaskRecord[];
  hasNextPage: boolean;
}

export interface DueTask {
  id: string;
  nextPollAt: string;
}

/**
 * A TRACKED insert found that the tenant already tracks this vendor task (a TRACKED record that is not
 * CANCELLED): two concurrent trackTask calls make one record, and the loser returns the winner's.
 */
export class AlreadyTrackedError extends Error {
  constructor() {
    super('the tenant already follows this vendor task');
    this.name = 'AlreadyTrackedError';
  }
}

/** How long the same idempotencyKey names the same start (CONTRACT.md: 24 h). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * A start the gateway has begun: written before the vendor is called, so that a retry with the same
 * idempotencyKey finds it, and a crash between the vendor's answer and the task's record leaves a trace
 * that is resolved on restart instead of an orphan nobody knows of.
 */
export interface StartIntent {
  tenant: string;
  /** The client's idempotencyKey, or a key the gateway made up when there was none. */
  key: string;
  /** The kind and the input, hashed: the same key with another input is a client mistake. */
  fingerprint: string;
  kind: TaskKind;
  /** The id the task gets (PENDING) or got (DONE). */
  taskId: string;
  credentialTenant: string | null;
  /** PENDING until the task's record exists. */
  state: 'PENDING' | 'DONE';
  createdAt: string;
}

/**
 * Durable task records. Implementations: SQLite (embedded) and Redis (scaled out).
 * Every write is a compare-and-set on `version` so concurrent writers never lose an update.
 */
export interface TaskStore {
  /**
   * Adds a new record. A TRACKED record whose tenant already tracks the same vendor task (kind and
   * vendorTaskId, in a TRACKED record that is not CANCELLED) is refused atomically with
   * AlreadyTrackedError: a unique constraint, whatever the number of writers.
   */
  insert(task: TaskRecord): Promise<void>;
  get(id: string): Promise<TaskRecord | null>;
  /** Writes `next` only if the stored version is `expectedVersion`; returns whether it did. */
  compareAndSet(next: TaskRecord, expectedVersion: number): Promise<boolean>;
  /** Newest first, tenant-scoped. */
  list(query: TaskListQuery): Promise<TaskPage>;
  /** The tenant's task following this vendor task, if it is already tracked. */
  findByVendorTask(tenant: string, kind: TaskKind, vendorTaskId: string): Promise<TaskRecord | null>;
  /**
   * Records that `tenant` created this vendor task through the gateway, unless a tenant already did;
   * returns the owner (first claim wins, and the claim outlives its task records until retention).
   */
  claim(kind: TaskKind, vendorTaskId: string, tenant: string): Promise<string>;
  /** The tenant that created this vendor task through the gateway, or null when none did. */
  ownerOf(kind: TaskKind, vendorTaskId: string): Promise<string | null>;
  /** Tasks of the tenant that are not finished (QUEUED or RUNNING), for its activeTasks budget. */
  countActive(tenant: string): Promise<number>;
  /**
   * Records `intent` unless the tenant has a start with the same key from the last
   * IDEMPOTENCY_WINDOW_MS; returns the intent that stands (`intent` itself, or the earlier one).
   */
  beginStart(intent: StartIntent): Promise<StartIntent>;
  /** The start's task record exists: the intent is DONE (kept until the window closes). */
  completeStart(tenant: string, key: string): Promise<void>;
  /** The vendor refused the start, so nothing exists anywhere: the intent goes, and the key is free. */
  abandonStart(tenant: string, key: string): Promise<void>;
  getStart(tenant: string, key: string): Promise<StartIntent | null>;
  /** PENDING intents created before `createdBefore` (ISO): starts whose outcome nobody recorded. */
  listPendingStarts(createdBefore: string): Promise<StartIntent[]>;
  /** Every task the poller still has to look at (non-terminal, or SUCCEEDED with an expiry to enforce). */
  listScheduled(): Promise<DueTask[]>;
  countByStatus(): Promise<Map<TaskStatus, number>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** How long a finished task (and a vendor-task claim) is kept by default, in both stores: 30 days. */
export const DEFAULT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export function encodeCursor(task: Pick<TaskRecord, 'createdAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([task.createdAt, task.id])).toString('base64url');
}

/** Returns null for a cursor that is not one of ours; callers turn that into BAD_USER_INPUT. */
export function decodeCursor(cursor: string): { createdAt: string; id: string } | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { createdAt: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  return null;
}
