import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.js';
import type { TaskStore } from '../../src/store/task-store.js';
import type { TaskRecord } from '../../src/tasks/model.js';
import { createPollHandler } from '../../src/tasks/poller.js';
import type { TaskService } from '../../src/tasks/service.js';
import type { VendorError } from '../../src/vendors/shared/vendor-error.js';
import { taskRecord } from '../support/task-record.js';

const now = new Date('2026-11-23T10:00:00Z');

function runningTask(): TaskRecord {
  return taskRecord({
    id: 't1',
    tenant: 'public',
    vendorTaskId: 'v1',
    status: 'RUNNING',
    vendorStatus: 'PENDING',
    createdAt: now.toISOString(),
    pollCount: 1,
    history: [],
    version: 2,
    poll: { nextPollAt: now.toISOString(), intervalMs: 1000, consecutiveFailures: 0, deadlineAt: null },
  });
}

function harness(opts: { get: () => Promise<TaskRecord | null>; poll: () => Promise<never> }) {
  const scheduled: [string, Date][] = [];
  const failures: VendorError[] = [];
  const service = {
    trackerFor: () => ({ poll: opts.poll }),
    recordFailure: async (_id: string, error: VendorError) => {
      failures.push(error);
      return runningTask();
    },
  } as unknown as TaskService;
  const handler = createPollHandler({
    store: { get: opts.get } as unknown as TaskStore,
    service,
    metrics: createMetrics(),
    logger: pino({ level: 'silent' }),
    scheduler: { schedule: (id, at) => scheduled.push([id, at]) },
    retryDelayMs: 30_000,
    now: () => now,
  });
  return { handler, scheduled, failures };
}

describe('poll handler', () => {
  it('re-arms a task whose wake-up failed before anything was written (store unavailable)', async () => {
    const h = harness({
      get: () => Promise.reject(new Error('SQLITE_BUSY')),
      poll: () => Promise.reject(new Error('unreachable')),
    });
    await expect(h.handler('t1')).resolves.toBeUndefined();
    expect(h.scheduled).toEqual([['t1', new Date(now.getTime() + 30_000)]]);
    expect(h.failures).toEqual([]);
  });

  it('records an unexpected adapter error as a transient VENDOR_UNAVAILABLE failure, without its text', async () => {
    const h = harness({
      get: async () => runningTask(),
      poll: () => Promise.reject(new TypeError('cannot read token of undefined (secret=abc)')),
    });
    await h.handler('t1');
    expect(h.failures).toHaveLength(1);
    expect(h.failures[0]).toMatchObject({ code: 'VENDOR_UNAVAILABLE', transient: true });
    expect(h.failures[0]?.message).not.toContain('secret');
    expect(h.scheduled).toEqual([]);
  });
});
