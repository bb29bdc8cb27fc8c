import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import {
  AlreadyTrackedError,
  encodeCursor,
  IDEMPOTENCY_WINDOW_MS,
  type StartIntent,
  type TaskListQuery,
  type TaskStore,
} from '../../src/store/task-store.js';
import type { TaskRecord, TaskStatus } from '../../src/tasks/model.js';
import { taskRecord } from '../support/task-record.js';

export interface HarnessOptions {
  /** The store's retention of finished tasks and claims; the store's default when absent. */
  retentionMs?: number;
}

/** One fresh, empty storage per test; every `open()` is another "instance" on it. */
export interface StoreHarness {
  open(): Promise<TaskStore>;
  /** Closes what `open` returned and deletes the storage. */
  destroy(): Promise<void>;
}

const BASE = Date.parse('2026-11-23T10:00:00.000Z');

export function at(offsetMs: number): string {
  return new Date(BASE + offsetMs).toISOString();
}

let sequence = 0;

export function makeTask(overrides: Partial<TaskRecord> = {}): TaskRecord {
  sequence += 1;
  const createdAt = overrides.createdAt ?? at(sequence);
  return taskRecord({
    id: `task-${String(sequence).padStart(6, '0')}`,
    vendorTaskId: `vendor-${sequence}`,
    params: { q: 'TTL:(lidar)' },
    createdAt,
    history: [{ status: 'QUEUED', vendorStatus: null, at: createdAt }],
    poll: { nextPollAt: at(sequence + 1000), intervalMs: 1000, consecutiveFailures: 0, deadlineAt: null },
    ...overrides,
  });
}

/** What the task service would write next: version + 1 and the given changes. */
export function nextOf(task: TaskRecord, changes: Partial<TaskRecord> = {}): TaskRecord {
  return { ...task, pollCount: task.pollCount + 1, ...changes, version: task.version + 1 };
}

/** Newest first, ties by id descending: the order every TaskStore lists in. */
function newestFirst(a: TaskRecord, b: TaskRecord): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

async function listAll(store: TaskStore, query: Omit<TaskListQuery, 'after'>): Promise<TaskRecord[]> {
  const seen: TaskRecord[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await store.list({ ...query, after });
    seen.push(...page.tasks);
    const last = page.tasks.at(-1);
    if (!page.hasNextPage || !last) return seen;
    after = encodeCursor(last);
  }
  throw new Error('paging did not end');
}

const ids = (tasks: readonly TaskRecord[]) => tasks.map((t) => t.id);

/** Polls `check` until it holds; fails after `timeoutMs`. For effects that come from a clock or a timer. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** The guarantees every TaskStore gives the task service, whatever stores the records. */
export function taskStoreContract(
  name: string,
  createHarness: (options?: HarnessOptions) => Promise<StoreHarness>,
): void {
  describe(`${name} (TaskStore contract)`, () => {
    let harness: StoreHarness;
    let store: TaskStore;

    beforeEach(async () => {
      harness = await createHarness();
      store = await harness.open();
    });

    afterEach(async () => {
      await harness.destroy();
    });

    it('returns an inserted task as it was written, and null for an unknown id', async () => {
      const task = makeTask({
        params: { orderId: '4061234', note: '小米 "quoted" \\ back' },
        error: { code: 'X', message: 'm', vendorCode: null, retryable: false },
      });
      await store.insert(task);
      expect(await store.get(task.id)).toEqual(task);
      expect(await store.get('no-such-task')).toBeNull();
    });

    it('refuses to insert an id that exists, and keeps the first record', async () => {
      const task = makeTask();
      await store.insert(task);
      await expect(store.insert({ ...task, vendorTaskId: 'other' })).rejects.toThrow();
      expect(await store.get(task.id)).toEqual(task);
      expect(ids((await store.list({ tenant: 'acme', first: 10 })).tasks)).toEqual([task.id]);
    });

    it('a tenant tracks a vendor task once: a second TRACKED insert is refused until the first is cancelled', async () => {
      const other = await harness.open();
      const first = makeTask({ origin: 'TRACKED', vendorTaskId: 'shared-id' });
      // Two instances race to insert the same tracking: exactly one wins.
      const racer = makeTask({ origin: 'TRACKED', vendorTaskId: 'shared-id' });
      const outcomes = await Promise.allSettled([store.insert(first), other.insert(racer)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === 'rejected');
      expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(AlreadyTrackedError);
      const winner = outcomes[0]?.status === 'fulfilled' ? first : racer;

      // Another tenant, another kind, or a record the tenant started: none of them collide.
      await store.insert(makeTask({ origin: 'TRACKED', vendorTaskId: 'shared-id', tenant: 'globex' }));
      await store.insert(
        makeTask({ origin: 'TRACKED', vendorTaskId: 'shared-id', kind: 'ENTERPRISE_REPORT' }),
      );
      await store.insert(makeTask({ origin: 'STARTED', vendorTaskId: 'shared-id' }));

      expect(await store.compareAndSet(nextOf(winner, { status: 'CANCELLED' }), winner.version)).toBe(true);
      const again = makeTask({ origin: 'TRACKED', vendorTaskId: 'shared-id' });
      await store.insert(again);
      expect(await store.get(again.id)).toEqual(again);
    });

    it("counts the tenant's unfinished tasks", async () => {
      await store.insert(makeTask({ status: 'QUEUED' }));
      await store.insert(makeTask({ status: 'RUNNING' }));
      await store.insert(makeTask({ status: 'SUCCEEDED' }));
      await store.insert(makeTask({ status: 'RUNNING', tenant: 'globex' }));
      const failing = makeTask({ status: 'RUNNING' });
      await store.insert(failing);
      expect(await store.countActive('acme')).toBe(3);
      await store.compareAndSet(nextOf(failing, { status: 'FAILED' }), failing.version);
      expect(await store.countActive('acme')).toBe(2);
      expect(await store.countActive('nobody')).toBe(0);
    });

    it('start intents: one per tenant and key, even from two instances at once; DONE or abandoned', async () => {
      const other = await harness.open();
      const intent = (taskId: string, overrides: Partial<StartIntent> = {}): StartIntent => ({
        tenant: 'acme',
        key: 'retry-7',
        fingerprint: 'f1',
        kind: 'PATENT_EXPORT',
        taskId,
        credentialTenant: null,
        state: 'PENDING',
        createdAt: new Date().toISOString(),
        ...overrides,
      });
      const [a, b] = await Promise.all([store.beginStart(intent('t-a')), other.beginStart(intent('t-b'))]);
      expect(a.taskId).toBe(b.taskId);
      expect(['t-a', 't-b']).toContain(a.taskId);
      // Another key, another tenant: their own.
      expect((await store.beginStart(intent('t-c', { key: 'other' }))).taskId).toBe('t-c');
      expect((await store.beginStart(intent('t-d', { tenant: 'globex' }))).taskId).toBe('t-d');
      // Later calls find the first, whatever they bring.
      expect(await store.beginStart(intent('t-e', { fingerprint: 'f2' }))).toMatchObject({
        taskId: a.taskId,
        fingerprint: 'f1',
        state: 'PENDING',
      });
      const before = new Date(Date.now() + 1000).toISOString();
      expect((await store.listPendingStarts(before)).map((i) => i.taskId).sort()).toEqual(
        [a.taskId, 't-c', 't-d'].sort(),
      );

      await store.completeStart('acme', 'retry-7');
      expect(await other.getStart('acme', 'retry-7')).toMatchObject({ taskId: a.taskId, state: 'DONE' });
      expect((await store.beginStart(intent('t-f'))).taskId).toBe(a.taskId);
      expect((await store.listPendingStarts(before)).map((i) => i.taskId).sort()).toEqual(['t-c', 't-d']);

      await store.abandonStart('acme', 'other');
      expect(await store.getStart('acme', 'other')).toBeNull();
      expect((await store.beginStart(intent('t-g', { key: 'other' }))).taskId).toBe('t-g');
    });

    it('a key whose finished start is older than the idempotency window starts afresh', async () => {
      const old = new Date(Date.now() - IDEMPOTENCY_WINDOW_MS - 60_000).toISOString();
      const first: StartIntent = {
        tenant: 'acme',
        key: 'yesterday',
        fingerprint: 'f1',
        kind: 'PATENT_EXPORT',
        taskId: 't-old',
        credentialTenant: null,
        state: 'PENDING',
        createdAt: old,
      };
      await store.beginStart(first);
      await store.completeStart('acme', 'yesterday');
      const fresh = { ...first, taskId: 't-new', createdAt: new Date().toISOString() };
      expect((await store.beginStart(fresh)).taskId).toBe('t-new');
    });

    it('claims a vendor task for the first tenant only, and says who owns it', async () => {
      expect(await store.ownerOf('PATENT_EXPORT', 'v-1')).toBeNull();
      expect(await store.claim('PATENT_EXPORT', 'v-1', 'acme')).toBe('acme');
      expect(await store.claim('PATENT_EXPORT', 'v-1', 'globex')).toBe('acme');
      expect(await store.ownerOf('PATENT_EXPORT', 'v-1')).toBe('acme');
      expect(await (await harness.open()).ownerOf('PATENT_EXPORT', 'v-1')).toBe('acme');
      // Ids are per kind: a report job id that happens to look the same is another resource.
      expect(await store.ownerOf('ENTERPRISE_REPORT', 'v-1')).toBeNull();
    });

    it('compare-and-set writes once per version and refuses a stale version', async () => {
      const task = makeTask();
      await store.insert(task);
      const running = nextOf(task, { status: 'RUNNING' });
      expect(await store.compareAndSet(running, task.version)).toBe(true);
      expect(await store.get(task.id)).toEqual(running);

      const stale = nextOf(task, { status: 'CANCELLED' });
      expect(await store.compareAndSet(stale, task.version)).toBe(false);
      expect(await store.get(task.id)).toEqual(running);
      expect(await store.compareAndSet(makeTask(), 1)).toBe(false);
    });

    it('lets exactly one of two instances win a compare-and-set on the same version', async () => {
      const other = await harness.open();
      for (let round = 0; round < 20; round++) {
        const task = makeTask();
        await store.insert(task);
        const mine = nextOf(task, { status: 'RUNNING', vendorStatus: 'mine' });
        const theirs = nextOf(task, { status: 'FAILED', vendorStatus: 'theirs', poll: { ...task.poll } });
        const [a, b] = await Promise.all([
          store.compareAndSet(mine, task.version),
          other.compareAndSet(theirs, task.version),
        ]);
        expect([a, b].filter(Boolean)).toHaveLength(1);
        const winner = a ? mine : theirs;
        expect(await store.get(task.id)).toEqual(winner);
        expect(await other.get(task.id)).toEqual(winner);
      }
      const counts = await store.countByStatus();
      expect((counts.get('RUNNING') ?? 0) + (counts.get('FAILED') ?? 0)).toBe(20);
    });

    it("lists a tenant's tasks newest first, and no other tenant's", async () => {
      const old = makeTask({ createdAt: at(-5000) });
      const newest = makeTask({ createdAt: at(5000) });
      const middle = makeTask({ createdAt: at(0) });
      const foreign = makeTask({ tenant: 'globex', createdAt: at(1000) });
      for (const task of [middle, old, foreign, newest]) await store.insert(task);

      const page = await store.list({ tenant: 'acme', first: 10 });
      expect(ids(page.tasks)).toEqual([newest.id, middle.id, old.id]);
      expect(page.hasNextPage).toBe(false);
      expect(ids((await store.list({ tenant: 'globex', first: 10 })).tasks)).toEqual([foreign.id]);
      expect((await store.list({ tenant: 'nobody', first: 10 })).tasks).toEqual([]);

      const one = await store.list({ tenant: 'acme', first: 1 });
      expect(ids(one.tasks)).toEqual([newest.id]);
      expect(one.hasNextPage).toBe(true);
    });

    it('pages with cursors through many tasks created in the same millisecond', async () => {
      const sameMs = at(0);
      const pivot = makeTask({ createdAt: sameMs });
      const tasks = [
        ...Array.from({ length: 37 }, () => makeTask({ createdAt: sameMs })),
        pivot,
        makeTask({ createdAt: at(-1) }),
        makeTask({ createdAt: at(1) }),
        // ids that sort differently as strings than by their numbers
        makeTask({ id: 'b', createdAt: sameMs }),
        makeTask({ id: 'ba', createdAt: sameMs }),
        makeTask({ id: 'a-z', createdAt: sameMs }),
      ];
      await Promise.all(tasks.map((t) => store.insert(t)));
      const expected = ids([...tasks].sort(newestFirst));

      for (const first of [1, 4, 7, 100]) {
        const seen = await listAll(store, { tenant: 'acme', first });
        expect(ids(seen)).toEqual(expected);
      }
      const lastPage = await store.list({ tenant: 'acme', first: 50, after: encodeCursor(pivot) });
      expect(ids(lastPage.tasks)).toEqual(expected.slice(expected.indexOf(pivot.id) + 1));
    });

    it('filters by status and vendor, also when few of many tasks match', async () => {
      const tasks = Array.from({ length: 1200 }, (_, i) =>
        makeTask({ createdAt: at(i % 3), status: i % 2 ? 'RUNNING' : 'QUEUED' }),
      );
      // The oldest tasks, so that finding them means scanning past every other one.
      const dlcFailed = makeTask({ createdAt: at(-10_000), status: 'FAILED', vendor: 'TENCENT_DLC' });
      const dlcDone = makeTask({ createdAt: at(-20_000), status: 'SUCCEEDED', vendor: 'TENCENT_DLC' });
      const dmsFailed = makeTask({ createdAt: at(-30_000), status: 'FAILED', vendor: 'ALIYUN_DMS' });
      const rare = [dlcFailed, dlcDone, dmsFailed];
      await Promise.all([...tasks, ...rare].map((t) => store.insert(t)));

      const failed = await store.list({ tenant: 'acme', first: 10, statuses: ['FAILED'] });
      expect(ids(failed.tasks)).toEqual([dlcFailed.id, dmsFailed.id]);
      expect(failed.hasNextPage).toBe(false);

      const dlc = await store.list({ tenant: 'acme', first: 1, vendor: 'TENCENT_DLC' });
      expect(ids(dlc.tasks)).toEqual([dlcFailed.id]);
      expect(dlc.hasNextPage).toBe(true);
      const dlcRest = await store.list({
        tenant: 'acme',
        first: 1,
        vendor: 'TENCENT_DLC',
        after: encodeCursor(dlcFailed),
      });
      expect(ids(dlcRest.tasks)).toEqual([dlcDone.id]);
      expect(dlcRest.hasNextPage).toBe(false);

      const both = await store.list({
        tenant: 'acme',
        first: 10,
        vendor: 'TENCENT_DLC',
        statuses: ['SUCCEEDED', 'FAILED'],
      });
      expect(ids(both.tasks)).toEqual([dlcFailed.id, dlcDone.id]);
      expect(
        (await store.list({ tenant: 'acme', first: 5, statuses: ['CANCELLED'], vendor: null })).tasks,
      ).toEqual([]);

      const running = await listAll(store, { tenant: 'acme', first: 250, statuses: ['RUNNING', 'FAILED'] });
      expect(ids(running)).toEqual(
        ids(
          [...tasks, ...rare]
            .filter((t) => t.status === 'RUNNING' || t.status === 'FAILED')
            .sort(newestFirst),
        ),
      );
    });

    it('lists several statuses newest first across them, with cursors, as tasks change status', async () => {
      const cycle: TaskStatus[] = ['QUEUED', 'RUNNING', 'FAILED', 'SUCCEEDED', 'CANCELLED'];
      const vendors = ['PATSNAP', 'TENCENT_DLC'] as const;
      // Few distinct milliseconds, so that ties between statuses are ordered by id.
      let tasks = Array.from({ length: 90 }, (_, i) =>
        makeTask({ createdAt: at(i % 7), status: cycle[i % 5], vendor: vendors[i % 2] }),
      );
      tasks.push(makeTask({ id: 'b', createdAt: at(3), status: 'FAILED' }));
      tasks.push(makeTask({ id: 'ba', createdAt: at(3), status: 'QUEUED' }));
      tasks.push(makeTask({ id: 'a-z', createdAt: at(3), status: 'RUNNING' }));
      await Promise.all(tasks.map((t) => store.insert(t)));

      const check = async () => {
        const filters: TaskStatus[][] = [
          ['RUNNING', 'FAILED'],
          ['FAILED', 'RUNNING', 'FAILED'],
          ['QUEUED', 'SUCCEEDED', 'CANCELLED', 'RUNNING', 'FAILED'],
          ['EXPIRED'],
          ['EXPIRED', 'QUEUED'],
        ];
        for (const statuses of filters) {
          for (const vendor of [null, 'TENCENT_DLC'] as const) {
            const expected = ids(
              tasks
                .filter((t) => statuses.includes(t.status) && (vendor === null || t.vendor === vendor))
                .sort(newestFirst),
            );
            for (const first of [1, 4, 100]) {
              expect(ids(await listAll(store, { tenant: 'acme', first, statuses, vendor }))).toEqual(
                expected,
              );
            }
          }
        }
      };
      await check();

      // Status changes move tasks between filters; an unchanged status keeps them where they are.
      const moved = new Map<string, TaskRecord>();
      for (const task of tasks.slice(0, 30)) {
        const status: TaskStatus =
          task.status === 'QUEUED' ? 'RUNNING' : task.status === 'RUNNING' ? 'EXPIRED' : task.status;
        const next = nextOf(task, { status });
        expect(await store.compareAndSet(next, task.version)).toBe(true);
        moved.set(task.id, next);
      }
      tasks = tasks.map((t) => moved.get(t.id) ?? t);
      await check();
    });

    it('forgets finished tasks and claims once their retention has passed, and keeps the rest', async () => {
      const short = await createHarness({ retentionMs: 50 });
      try {
        const s = await short.open();
        const live = makeTask({ vendorTaskId: 'live', createdAt: at(0) });
        const running = makeTask({ status: 'RUNNING', vendorTaskId: 'running', createdAt: at(1) });
        const failed = makeTask({
          status: 'FAILED',
          vendorTaskId: 'gone-1',
          createdAt: at(2),
          poll: { ...live.poll, nextPollAt: null },
        });
        const toSucceed = makeTask({ status: 'RUNNING', vendorTaskId: 'gone-2', createdAt: at(3) });
        for (const task of [live, running, failed, toSucceed]) await s.insert(task);
        // SUCCEEDED keeps its nextPollAt (the poller expires the URL later) and is retained all the same.
        const succeeded = nextOf(toSucceed, { status: 'SUCCEEDED', downloadUrl: 'https://x/y' });
        expect(await s.compareAndSet(succeeded, toSucceed.version)).toBe(true);
        expect(await s.claim('PATENT_EXPORT', 'claimed', 'acme')).toBe('acme');

        await eventually(
          async () =>
            (await s.get(failed.id)) === null &&
            (await s.get(succeeded.id)) === null &&
            (await s.ownerOf('PATENT_EXPORT', 'claimed')) === null,
        );

        expect(await s.get(live.id)).toEqual(live);
        expect(await s.get(running.id)).toEqual(running);
        const page = await s.list({ tenant: 'acme', first: 10 });
        expect(ids(page.tasks)).toEqual([running.id, live.id]);
        expect(page.hasNextPage).toBe(false);
        expect(
          (await s.list({ tenant: 'acme', first: 10, statuses: ['FAILED', 'SUCCEEDED'] })).tasks,
        ).toEqual([]);
        expect(
          ids((await s.list({ tenant: 'acme', first: 10, statuses: ['RUNNING', 'QUEUED', 'FAILED'] })).tasks),
        ).toEqual([running.id, live.id]);
        expect(await s.findByVendorTask('acme', 'PATENT_EXPORT', 'gone-1')).toBeNull();
        expect(await s.findByVendorTask('acme', 'PATENT_EXPORT', 'gone-2')).toBeNull();
        expect(await s.findByVendorTask('acme', 'PATENT_EXPORT', 'live')).toEqual(live);
        const scheduled = (await s.listScheduled()).map((d) => d.id).sort();
        expect(scheduled).toEqual([live.id, running.id].sort());
        expect(await s.countByStatus()).toEqual(
          new Map([
            ['QUEUED', 1],
            ['RUNNING', 1],
          ]),
        );
        // A vendor task whose claim has expired can be claimed again.
        expect(await s.claim('PATENT_EXPORT', 'claimed', 'globex')).toBe('globex');
      } finally {
        await short.destroy();
      }
    });

    it('rejects a cursor it did not issue with BadInputError on `after`', async () => {
      await store.insert(makeTask());
      for (const after of ['not-a-cursor', Buffer.from('{"x":1}').toString('base64url')]) {
        const error = await store.list({ tenant: 'acme', first: 5, after }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BadInputError);
        expect((error as BadInputError).field).toBe('after');
      }
    });

    it('finds a task by its vendor task id, following a change of that id', async () => {
      const task = makeTask({ kind: 'QUERY_RESULT_DOWNLOAD', vendor: 'TENCENT_DLC', vendorTaskId: 'dl-1' });
      await store.insert(task);
      expect(await store.findByVendorTask('acme', 'QUERY_RESULT_DOWNLOAD', 'dl-1')).toEqual(task);
      expect(await store.findByVendorTask('globex', 'QUERY_RESULT_DOWNLOAD', 'dl-1')).toBeNull();
      expect(await store.findByVendorTask('acme', 'PATENT_EXPORT', 'dl-1')).toBeNull();

      const renewed = nextOf(task, { vendorTaskId: 'dl-2', status: 'RUNNING' });
      expect(await store.compareAndSet(renewed, task.version)).toBe(true);
      expect(await store.findByVendorTask('acme', 'QUERY_RESULT_DOWNLOAD', 'dl-1')).toBeNull();
      expect(await store.findByVendorTask('acme', 'QUERY_RESULT_DOWNLOAD', 'dl-2')).toEqual(renewed);
    });

    it('finds the newest task when a vendor task is tracked again', async () => {
      const cancelled = makeTask({ vendorTaskId: 'p-1', status: 'CANCELLED', createdAt: at(0) });
      const again = makeTask({ vendorTaskId: 'p-1', createdAt: at(10) });
      await store.insert(cancelled);
      await store.insert(again);
      expect(await store.findByVendorTask('acme', 'PATENT_EXPORT', 'p-1')).toEqual(again);
    });

    it('lists scheduled tasks with their nextPollAt as it is set and cleared', async () => {
      const polled = makeTask({ poll: { ...makeTask().poll, nextPollAt: at(60_000) } });
      const idle = makeTask({ status: 'FAILED', poll: { ...makeTask().poll, nextPollAt: null } });
      await store.insert(polled);
      await store.insert(idle);
      expect(await store.listScheduled()).toEqual([{ id: polled.id, nextPollAt: at(60_000) }]);

      const done = nextOf(polled, { status: 'CANCELLED', poll: { ...polled.poll, nextPollAt: null } });
      expect(await store.compareAndSet(done, polled.version)).toBe(true);
      expect(await store.listScheduled()).toEqual([]);

      const revived = nextOf(idle, { status: 'QUEUED', poll: { ...idle.poll, nextPollAt: at(90_000) } });
      expect(await store.compareAndSet(revived, idle.version)).toBe(true);
      const later = nextOf(revived, { poll: { ...revived.poll, nextPollAt: at(120_000) } });
      expect(await store.compareAndSet(later, revived.version)).toBe(true);
      expect(await store.listScheduled()).toEqual([{ id: idle.id, nextPollAt: at(120_000) }]);
    });

    it('counts tasks by status through their transitions', async () => {
      expect(await store.countByStatus()).toEqual(new Map());
      const [a, b, c] = [makeTask(), makeTask(), makeTask({ tenant: 'globex' })] as const;
      for (const task of [a, b, c]) await store.insert(task);
      expect(await store.countByStatus()).toEqual(new Map([['QUEUED', 3]]));

      const aRunning = nextOf(a, { status: 'RUNNING' });
      await store.compareAndSet(aRunning, a.version);
      const aDone = nextOf(aRunning, { status: 'SUCCEEDED', downloadUrl: 'https://x/y' });
      await store.compareAndSet(aDone, aRunning.version);
      await store.compareAndSet(nextOf(b, { status: 'FAILED' }), b.version);
      // a refused write changes no count
      await store.compareAndSet(nextOf(c, { status: 'CANCELLED' }), c.version + 5);
      // a write that keeps the status changes no count
      await store.compareAndSet(nextOf(aDone, { itemCount: 3 }), aDone.version);
      expect(await store.countByStatus()).toEqual(
        new Map([
          ['QUEUED', 1],
          ['SUCCEEDED', 1],
          ['FAILED', 1],
        ]),
      );
    });
  });
}
