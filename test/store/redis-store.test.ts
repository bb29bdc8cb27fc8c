import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisTaskStore, type RedisTaskStoreOptions } from '../../src/store/redis-store.js';
import type { TaskStore } from '../../src/store/task-store.js';
import { at, makeTask, nextOf, type StoreHarness, taskStoreContract } from './task-store-contract.js';

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

describe.skipIf(!REDIS_URL)('RedisTaskStore', () => {
  taskStoreContract('RedisTaskStore', async () => redisHarness());

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
