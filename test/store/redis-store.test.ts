import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RedisTaskStore, type RedisTaskStoreOptions } from '../../src/store/redis-store.js';
import type { TaskStore } from '../../src/store/task-store.js';
import type { TaskRecord } from '../../src/tasks/model.js';
import {
  at,
  eventually,
  makeTask,
  nextOf,
  type StoreHarness,
  taskStoreContract,
} from './task-store-contract.js';

const REDIS_URL = process.env.REDIS_URL;

/**
 * Each harness gets its own key prefix and deletes its keys afterwards, so runs can share one Redis.
 * Odd instances get a client of their own (the store does not own it), even ones a URL (it does), so that
 * both ways of constructing the store are used.
 */
function redisHarness(options: RedisTaskStoreOptions = {}): StoreHarness & { prefix: string; admin: Redis } {
  const url = REDIS_URL ?? '';
  const prefix = `test:store:${randomUUID()}:`;
  const admin = new Redis(url);
  const stores: TaskStore[] = [];
  const clients: Redis[] = [];
  return {
    prefix,
    admin,
    async open() {
      let store: TaskStore;
      if (stores.length % 2 === 1) {
        const client = new Redis(url);
        clients.push(client);
        store = new RedisTaskStore(client, { ...options, keyPrefix: prefix });
      } else {
        store = new RedisTaskStore(url, { ...options, keyPrefix: prefix });
      }
      stores.push(store);
      return store;
    },
    async destroy() {
      for (const store of stores) await store.close();
      for (const client of clients) await client.quit();
      const keys: string[] = [];
      for await (const batch of admin.scanStream({ match: `${prefix}*`, count: 1000 })) keys.push(...batch);
      if (keys.length) await admin.del(...keys);
      await admin.quit();
    },
  };
}

/** A task's entry in the tenant index and its status set (see indexMember in redis-store.ts). */
function member(task: Pick<TaskRecord, 'createdAt' | 'id'>): string {
  return `${String(Date.parse(task.createdAt)).padStart(15, '0')}:${task.id}`;
}

const ids = (tasks: readonly TaskRecord[]) => tasks.map((t) => t.id);

describe.skipIf(!REDIS_URL)('RedisTaskStore', () => {
  taskStoreContract('RedisTaskStore', async (options = {}) => redisHarness(options));

  describe('retention and sharing', () => {
    let harness: ReturnType<typeof redisHarness>;

    afterEach(async () => {
      await harness.destroy();
    });

    describe('with the default retention', () => {
      beforeEach(() => {
        harness = redisHarness({ retentionMs: 60 * 60 * 1000 });
      });

      it('puts a TTL on a terminal task and takes it off when the task runs again', async () => {
        const store = await harness.open();
        const key = `${harness.prefix}task:`;
        const task = makeTask({ status: 'RUNNING' });
        await store.insert(task);
        expect(await harness.admin.pttl(key + task.id)).toBe(-1);

        // SUCCEEDED keeps a nextPollAt (URL expiry) and is still terminal: it gets the TTL.
        const succeeded = nextOf(task, { status: 'SUCCEEDED', downloadUrl: 'https://x/y' });
        expect(await store.compareAndSet(succeeded, task.version)).toBe(true);
        const ttl = await harness.admin.pttl(key + task.id);
        expect(ttl).toBeGreaterThan(60 * 60 * 1000 - 5_000);
        expect(ttl).toBeLessThanOrEqual(60 * 60 * 1000);
        expect(await store.listScheduled()).toEqual([{ id: task.id, nextPollAt: task.poll.nextPollAt }]);

        const expired = nextOf(succeeded, { status: 'EXPIRED', poll: { ...task.poll, nextPollAt: null } });
        expect(await store.compareAndSet(expired, succeeded.version)).toBe(true);
        expect(await harness.admin.pttl(key + task.id)).toBeGreaterThan(0);

        // refreshTask renewing an expired download: running again, kept for good.
        const renewed = nextOf(expired, { status: 'RUNNING', poll: task.poll });
        expect(await store.compareAndSet(renewed, expired.version)).toBe(true);
        expect(await harness.admin.pttl(key + task.id)).toBe(-1);
        expect(await harness.admin.zscore(`${harness.prefix}retention`, task.id)).toBeNull();
        expect(await harness.admin.hexists(`${harness.prefix}retinfo`, task.id)).toBe(0);

        // A task inserted terminal (cancelled before its first poll) is retained too.
        const failed = makeTask({ status: 'FAILED', poll: { ...task.poll, nextPollAt: null } });
        await store.insert(failed);
        expect(await harness.admin.pttl(key + failed.id)).toBeGreaterThan(0);
      });

      it('lets instances sharing a prefix see each other’s writes', async () => {
        const a = await harness.open();
        const b = await harness.open();
        const task = makeTask({ vendorTaskId: 'shared-1' });
        await a.insert(task);
        expect(await b.get(task.id)).toEqual(task);
        expect((await b.list({ tenant: 'acme', first: 5 })).tasks).toEqual([task]);
        expect(await b.findByVendorTask('acme', 'PATENT_EXPORT', 'shared-1')).toEqual(task);

        const running = nextOf(task, { status: 'RUNNING' });
        expect(await b.compareAndSet(running, task.version)).toBe(true);
        expect(await a.get(task.id)).toEqual(running);
        expect(await a.compareAndSet(nextOf(task, { status: 'CANCELLED' }), task.version)).toBe(false);
        expect(await a.countByStatus()).toEqual(new Map([['RUNNING', 1]]));
        expect(await a.listScheduled()).toEqual([{ id: task.id, nextPollAt: task.poll.nextPollAt }]);

        await expect(b.insert(task)).rejects.toThrow(/exists/);
      });

      it('files each task in the set of its status, and a status filter reads only those sets', async () => {
        const client = new Redis(REDIS_URL ?? '');
        const store = new RedisTaskStore(client, { keyPrefix: harness.prefix });
        try {
          const tenant = `${harness.prefix}tenant:acme`;
          const tasks = Array.from({ length: 1200 }, (_, i) =>
            makeTask({ createdAt: at(i % 5), status: i % 2 ? 'RUNNING' : 'QUEUED' }),
          );
          const [first, second] = tasks;
          if (!first || !second) throw new Error('no tasks');
          const failed = makeTask({ status: 'FAILED', createdAt: at(-10) });
          await Promise.all([...tasks, failed].map((t) => store.insert(t)));
          const cancelled = nextOf(first, { status: 'CANCELLED' });
          expect(await store.compareAndSet(cancelled, first.version)).toBe(true);
          expect(await store.compareAndSet(nextOf(second, { itemCount: 3 }), second.version)).toBe(true);

          const admin = harness.admin;
          expect(await admin.zrange(`${tenant}:status:CANCELLED`, 0, -1)).toEqual([member(first)]);
          expect(await admin.zscore(`${tenant}:status:QUEUED`, member(first))).toBeNull();
          expect(await admin.zrange(`${tenant}:status:FAILED`, 0, -1)).toEqual([member(failed)]);
          expect(await admin.zcard(`${tenant}:status:QUEUED`)).toBe(599);
          expect(await admin.zcard(`${tenant}:status:RUNNING`)).toBe(600);
          expect(await admin.zcard(tenant)).toBe(1201);

          // Loaded once, so that what follows counts calls, not a NOSCRIPT retry.
          await store.list({ tenant: 'acme', first: 1, statuses: ['EXPIRED'] });
          const sent = vi.spyOn(client, 'sendCommand');
          const none = await store.list({ tenant: 'acme', first: 20, statuses: ['EXPIRED'] });
          expect(none).toEqual({ tasks: [], hasNextPage: false });
          const scripts = sent.mock.calls.filter(([command]) => /^eval/.test(command.name));
          // One call that reads an empty set, where the tenant scan took ceil(1201 / 500) calls.
          expect(scripts).toHaveLength(1);
          sent.mockRestore();

          // Without the tenant index, an unfiltered list finds nothing; filtered ones do not need it.
          await admin.del(tenant);
          expect((await store.list({ tenant: 'acme', first: 10 })).tasks).toEqual([]);
          const rare = await store.list({ tenant: 'acme', first: 10, statuses: ['FAILED', 'CANCELLED'] });
          expect(ids(rare.tasks)).toEqual([cancelled.id, failed.id]);
          const page = await store.list({ tenant: 'acme', first: 3, statuses: ['RUNNING', 'FAILED'] });
          expect(page.hasNextPage).toBe(true);
          expect(ids(page.tasks)).toEqual(
            ids(
              tasks
                .filter((t) => t.status === 'RUNNING' && t.createdAt === at(4))
                .sort((a, b) => (a.id < b.id ? 1 : -1))
                .slice(0, 3),
            ),
          );
        } finally {
          await store.close();
          await client.quit();
        }
      });

      it('builds the status sets for tasks from before them, scanning the tenant index meanwhile', async () => {
        const writer = await harness.open();
        const tasks = Array.from({ length: 40 }, (_, i) =>
          makeTask({
            createdAt: at(i),
            status: (['QUEUED', 'RUNNING', 'FAILED', 'CANCELLED'] as const)[i % 4],
          }),
        );
        for (const task of tasks) await writer.insert(task);
        // As a version without status sets leaves Redis: no sets, no marker.
        const sets = await harness.admin.keys(`${harness.prefix}tenant:acme:status:*`);
        expect(sets).toHaveLength(4);
        await harness.admin.del(...sets, `${harness.prefix}status-index`);

        const expected = ids(tasks.filter((t) => t.status === 'RUNNING' || t.status === 'FAILED').reverse());
        const reader = await harness.open();
        const before = await reader.list({ tenant: 'acme', first: 50, statuses: ['RUNNING', 'FAILED'] });
        expect(ids(before.tasks)).toEqual(expected);

        await eventually(async () => (await harness.admin.exists(`${harness.prefix}status-index`)) === 1);
        expect(await harness.admin.zcard(`${harness.prefix}tenant:acme:status:RUNNING`)).toBe(10);
        expect(await harness.admin.zcard(`${harness.prefix}tenant:acme:status:CANCELLED`)).toBe(10);
        const after = await reader.list({ tenant: 'acme', first: 50, statuses: ['RUNNING', 'FAILED'] });
        expect(ids(after.tasks)).toEqual(expected);
      });
    });

    describe('with a tiny retention', () => {
      beforeEach(() => {
        harness = redisHarness({ retentionMs: 40 });
      });

      it('forgets an expired task everywhere: get, list, lookup, schedule and counts', async () => {
        const store = await harness.open();
        const live = makeTask({ vendorTaskId: 'live', createdAt: at(0) });
        const failed = makeTask({ status: 'FAILED', vendorTaskId: 'gone-1', createdAt: at(1) });
        const running = makeTask({ status: 'RUNNING', vendorTaskId: 'gone-2', createdAt: at(2) });
        for (const task of [live, failed, running]) await store.insert(task);
        // SUCCEEDED with a URL expiry still scheduled: retention must clean the schedule too.
        const succeeded = nextOf(running, { status: 'SUCCEEDED', vendorTaskId: 'gone-3' });
        expect(await store.compareAndSet(succeeded, running.version)).toBe(true);

        await sleep(120);

        expect(await store.get(failed.id)).toBeNull();
        expect(await store.get(running.id)).toBeNull();
        const page = await store.list({ tenant: 'acme', first: 10 });
        expect(page.tasks).toEqual([live]);
        expect(page.hasNextPage).toBe(false);
        expect(await store.findByVendorTask('acme', 'PATENT_EXPORT', 'gone-1')).toBeNull();
        expect(await store.findByVendorTask('acme', 'PATENT_EXPORT', 'gone-3')).toBeNull();
        expect(await store.findByVendorTask('acme', 'PATENT_EXPORT', 'live')).toEqual(live);
        expect(await store.listScheduled()).toEqual([{ id: live.id, nextPollAt: live.poll.nextPollAt }]);
        expect(await store.countByStatus()).toEqual(new Map([['QUEUED', 1]]));

        // Reading cleaned the indexes up, not just skipped the dead entries.
        const p = harness.prefix;
        expect(await harness.admin.zcard(`${p}tenant:acme`)).toBe(1);
        expect(await harness.admin.zcard(`${p}sched`)).toBe(1);
        expect(await harness.admin.zcard(`${p}retention`)).toBe(0);
        expect(await harness.admin.hlen(`${p}retinfo`)).toBe(0);
        expect(await harness.admin.exists(`${p}vt:acme:PATENT_EXPORT:gone-1`)).toBe(0);
        expect(await harness.admin.exists(`${p}tenant:acme:status:FAILED`)).toBe(0);
        expect(await harness.admin.exists(`${p}tenant:acme:status:SUCCEEDED`)).toBe(0);
        expect(await harness.admin.zrange(`${p}tenant:acme:status:QUEUED`, 0, -1)).toEqual([member(live)]);
      });

      it('keeps counts honest when nothing but countByStatus reads after an expiry', async () => {
        const store = await harness.open();
        await store.insert(makeTask({ status: 'CANCELLED' }));
        await store.insert(makeTask({ status: 'QUEUED' }));
        await sleep(120);
        expect(await store.countByStatus()).toEqual(new Map([['QUEUED', 1]]));
      });

      it('indexes a re-inserted id once, even when its expired predecessor was not swept', async () => {
        const store = await harness.open();
        const first = makeTask({ status: 'FAILED', createdAt: at(0), vendorTaskId: 'again' });
        await store.insert(first);
        await sleep(120);
        const second = makeTask({ id: first.id, createdAt: at(5), vendorTaskId: 'again' });
        await store.insert(second);
        expect((await store.list({ tenant: 'acme', first: 10 })).tasks).toEqual([second]);
        expect(await store.findByVendorTask('acme', 'PATENT_EXPORT', 'again')).toEqual(second);
        expect(await store.countByStatus()).toEqual(new Map([['QUEUED', 1]]));
      });
    });
  });
});
