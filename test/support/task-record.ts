import { randomUUID } from 'node:crypto';
import type { TaskRecord } from '../../src/tasks/model.js';

/**
 * The one factory of task records for tests and benchmarks: a freshly started PatSnap export of
 * tenant `acme`, changed by `overrides`. Records only the task service would write are built here, so
 * a new field of TaskRecord is added in one place.
 */
export function taskRecord(overrides: Partial<TaskRecord> = {}): TaskRecord {
  const at = overrides.createdAt ?? new Date().toISOString();
  return {
    id: randomUUID(),
    tenant: 'acme',
    vendor: 'PATSNAP',
    kind: 'PATENT_EXPORT',
    vendorTaskId: `vendor-${randomUUID()}`,
    origin: 'STARTED',
    credentialTenant: null,
    params: {},
    status: 'QUEUED',
    vendorStatus: null,
    queuePosition: null,
    itemCount: null,
    downloadUrl: null,
    downloadExpiresAt: null,
    error: null,
    createdAt: at,
    updatedAt: at,
    pollCount: 0,
    history: [{ status: 'QUEUED', vendorStatus: null, at }],
    version: 1,
    poll: { nextPollAt: null, intervalMs: 1000, consecutiveFailures: 0, deadlineAt: null },
    renewingSince: null,
    ...overrides,
  };
}
