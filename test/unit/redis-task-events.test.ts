import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisTaskEvents } from '../../src/events/redis-task-events.js';
import type { TaskRecord } from '../../src/tasks/model.js';

const REDIS_URL = process.env.REDIS_URL;

describe.skipIf(!REDIS_URL)('Redis task events', () => {
  const prefix = `gwtest-${randomUUID().slice(0, 8)}:`;
  const logger = pino({ level: 'silent' });
  const a = createRedisTaskEvents(REDIS_URL ?? '', prefix, logger);
  const b = createRedisTaskEvents(REDIS_URL ?? '', prefix, logger);
  const other = createRedisTaskEvents(REDIS_URL ?? '', `${prefix}other:`, logger);
  afterAll(async () => {
    await Promise.all([a.close(), b.close(), other.close()]);
  });

  const task = { id: 't1', tenant: 'acme', version: 3, status: 'RUNNING' } as TaskRecord;

  it("delivers one instance's change to another's task and tenant listeners, not to another prefix", async () => {
    const onTask = new Promise<TaskRecord>((resolve) => b.onTask('acme', 't1', resolve));
    const onTenant = new Promise<TaskRecord>((resolve) => b.onTenant('acme', resolve));
    let leaked = false;
    other.onTenant('acme', () => {
      leaked = true;
    });
    // Subscriptions are set up asynchronously; publish until the first delivery arrives.
    const timer = setInterval(() => a.publish(task), 50);
    try {
      expect(await onTask).toMatchObject({ id: 't1', version: 3 });
      expect(await onTenant).toMatchObject({ id: 't1' });
    } finally {
      clearInterval(timer);
    }
    expect(leaked).toBe(false);
  });

  it('asks open subscriptions to re-read after the pub/sub connection was lost and came back', async () => {
    b.onTask('acme', 't2', () => {});
    const resynced = new Promise<void>((resolve) => b.onResync(resolve));
    const admin = new Redis(REDIS_URL ?? '');
    try {
      // Drops every pub/sub connection: what is published until they reconnect is lost.
      await admin.client('KILL', 'TYPE', 'pubsub');
      await resynced;
    } finally {
      await admin.quit();
    }
  });
});
