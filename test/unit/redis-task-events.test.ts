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

  it('keeps delivering after its connections were killed mid-command, without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const admin = new Redis(REDIS_URL ?? '');
    try {
      // Subscribes and publishes in flight while every connection of this prefix is killed.
      const kill = killConnections(admin, `${prefix}events`);
      const stops = Array.from({ length: 50 }, (_, i) => b.onTask('acme', `k${i}`, () => {}));
      for (let i = 0; i < 50; i++) a.publish({ ...task, id: `k${i}` });
      await kill;
      for (const stop of stops) stop();
      // Delivery works again: a fresh subscription receives a publish.
      const delivered = new Promise<TaskRecord>((resolve) => b.onTask('acme', 'after', resolve));
      const timer = setInterval(() => a.publish({ ...task, id: 'after' }), 50);
      try {
        expect(await delivered).toMatchObject({ id: 'after' });
      } finally {
        clearInterval(timer);
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await admin.quit();
    }
  });

  it('publishing and subscribing after close, during shutdown, log and never reject unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const closing = createRedisTaskEvents(REDIS_URL ?? '', prefix, logger);
      const stop = closing.onTask('acme', 'c1', () => {});
      await closing.close();
      closing.publish(task);
      closing.onTask('acme', 'c2', () => {});
      stop();
      // Rejections are reported after the microtask queue drains.
      await new Promise((resolve) => setTimeout(resolve, 0));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('asks open subscriptions to re-read after the pub/sub connection was lost and came back', async () => {
    b.onTask('acme', 't2', () => {});
    const resynced = new Promise<void>((resolve) => b.onResync(resolve));
    const admin = new Redis(REDIS_URL ?? '');
    try {
      // Drops this prefix's connections only (other test files share the Redis): what is published
      // until they reconnect is lost.
      await killConnections(admin, `${prefix}events`);
      await resynced;
    } finally {
      await admin.quit();
    }
  });
});

/** Kills the Redis connections with this name; fails when there is none (the name would be wrong). */
async function killConnections(admin: Redis, name: string): Promise<void> {
  const clients = String(await admin.client('LIST'));
  const ids = [...clients.matchAll(/\bid=(\d+)\b[^\n]*\bname=(\S*)/g)]
    .filter(([, , connectionName]) => connectionName === name)
    .map(([, id]) => String(id));
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) await admin.client('KILL', 'ID', id);
}
