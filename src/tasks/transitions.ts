import type { TaskError, TaskRecord, TaskStatus, VendorSnapshot } from './model.js';

/**
 * Pure state changes of a task record. They return a new record (version untouched: the service
 * bumps it on write) and never perform I/O.
 */

const VISIBLE_FIELDS = [
  'status',
  'vendorStatus',
  'queuePosition',
  'itemCount',
  'downloadUrl',
  'downloadExpiresAt',
] as const satisfies readonly (keyof TaskRecord)[];

/** Whether subscribers would see a difference (poll bookkeeping alone is not one). */
export function isVisibleChange(before: TaskRecord, after: TaskRecord): boolean {
  return (
    VISIBLE_FIELDS.some((field) => before[field] !== after[field]) ||
    JSON.stringify(before.error) !== JSON.stringify(after.error)
  );
}

/** Appends a history entry when the normalized or the vendor status changes. */
export function withStatus(
  task: TaskRecord,
  status: TaskStatus,
  vendorStatus: string | null,
  at: string,
): TaskRecord {
  if (task.status === status && task.vendorStatus === vendorStatus) return task;
  return {
    ...task,
    status,
    vendorStatus,
    history: [...task.history, { status, vendorStatus, at }],
  };
}

export function applySnapshot(task: TaskRecord, snapshot: VendorSnapshot, at: string): TaskRecord {
  const next = withStatus(task, snapshot.status, snapshot.vendorStatus, at);
  return {
    ...next,
    queuePosition: snapshot.queuePosition !== undefined ? snapshot.queuePosition : next.queuePosition,
    itemCount: snapshot.itemCount !== undefined ? snapshot.itemCount : next.itemCount,
    downloadUrl: snapshot.downloadUrl !== undefined ? snapshot.downloadUrl : next.downloadUrl,
    downloadExpiresAt:
      snapshot.downloadExpiresAt !== undefined ? snapshot.downloadExpiresAt : next.downloadExpiresAt,
    // A task that is no longer failing carries no error.
    error: snapshot.error !== undefined ? snapshot.error : snapshot.status === 'FAILED' ? next.error : null,
  };
}

export function failed(task: TaskRecord, error: TaskError, at: string): TaskRecord {
  return { ...withStatus(task, 'FAILED', task.vendorStatus, at), error, queuePosition: null };
}
