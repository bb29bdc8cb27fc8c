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
 * Durable task records. Implementations: SQLite (embedded) and Redis (scaled out).
 * Every write is a compare-and-set on `version` so concurrent writers never lose an update.
 */
export interface TaskStore {
  insert(task: TaskRecord): Promise<void>;
  get(id: string): Promise<TaskRecord | null>;
  /** Writes `next` only if the stored version is `expectedVersion`; returns whether it did. */
  compareAndSet(next: TaskRecord, expectedVersion: number): Promise<boolean>;
  /** Newest first, tenant-scoped. */
  list(query: TaskListQuery): Promise<TaskPage>;
  /** The tenant's task following this vendor task, if it is already tracked. */
  findByVendorTask(tenant: string, kind: TaskKind, vendorTaskId: string): Promise<TaskRecord | null>;
  /** Every task the poller still has to look at (non-terminal, or SUCCEEDED with an expiry to enforce). */
  listScheduled(): Promise<DueTask[]>;
  countByStatus(): Promise<Map<TaskStatus, number>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

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
