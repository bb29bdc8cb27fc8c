import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MIGRATIONS, SqliteTaskStore, type SqliteTaskStoreOptions } from '../../src/store/sqlite-store.js';
import {
  AlreadyTrackedError,
  encodeCursor,
  type TaskListQuery,
  type TaskPage,
  type TaskStore,
} from '../../src/store/task-store.js';
import type { TaskRecord, TaskStatus } from '../../src/tasks/model.js';
import { at, makeTask, nextOf, taskStoreContract } from './task-store-contract.js';

// A file, not :memory:, so that two store objects are two connections on one database, as two
// processes on one file would be.
taskStoreContract('SqliteTaskStore', async (options = {}) => {
  const dir = mkdtempSync(join(tmpdir(), 'task-store-'));
  const opened: TaskStore[] = [];
  // With a short retention, sweep often enough for a test to see it.
  const storeOptions = options.retentionMs ? { retentionMs: options.retentionMs, sweepIntervalMs: 10 } : {};
  return {
    async open() {
      const store = new SqliteTaskStore(join(dir, 'gateway.db'), storeOptions);
      opened.push(store);
      return store;
    },
    async destroy() {
      for (const store of opened) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteTaskStore migrations', () => {
  it('a database from before ownership: each vendor id goes to the tenant that had it first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'task-store-'));
    const path = join(dir, 'gateway.db');
    try {
      // The first migration alone, as the previous version left the file: tenant b had tracked a's id.
      const db = new Database(path);
      db.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
        INSERT INTO schema_migrations VALUES (1, '2026-11-01T00:00:00.000Z');
        CREATE TABLE tasks (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, vendor TEXT NOT NULL, kind TEXT NOT NULL,
          vendor_task_id TEXT NOT NULL, status TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL,
          next_poll_at TEXT, record TEXT NOT NULL);`);
      const insert = db.prepare('INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?, 1, ?, NULL, ?)');
      for (const [id, tenant, at] of [
        ['t-b', 'b', '2026-11-02T00:00:00.000Z'],
        ['t-a', 'a', '2026-11-01T00:00:00.000Z'],
      ] as const) {
        const {
          origin: _o,
          credentialTenant: _c,
          ...old
        } = makeTask({ id, tenant, vendorTaskId: 'v-1', createdAt: at });
        insert.run(id, tenant, 'PATSNAP', 'PATENT_EXPORT', 'v-1', 'RUNNING', at, JSON.stringify(old));
      }
      db.close();

      const store = new SqliteTaskStore(path);
      expect(await store.ownerOf('PATENT_EXPORT', 'v-1')).toBe('a');
      expect(await store.get('t-b')).toMatchObject({
        origin: 'STARTED',
        credentialTenant: null,
        tenant: 'b',
      });
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const disposals: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposals.splice(0)) await dispose();
});

/**
 * A store on a fresh file (sweeping only when told, unless the options say otherwise), and a second,
 * raw connection to that file for looking underneath; both go after the test.
 */
function openFile(options: SqliteTaskStoreOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'task-store-'));
  const path = join(dir, 'gateway.db');
  const store = new SqliteTaskStore(path, { sweepIntervalMs: 0, ...options });
  const raw = new Database(path);
  const dispose = async () => {
    if (raw.open) raw.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  disposals.push(dispose);
  return { store, raw, dispose };
}

/** The SQL texts the store prepares while `action` runs. */
async function preparedDuring(action: () => Promise<unknown>): Promise<string[]> {
  const prepare = vi.spyOn(Database.prototype, 'prepare');
  try {
    await action();
    return prepare.mock.calls.map(([sql]) => sql);
  } finally {
    prepare.mockRestore();
  }
}

/** EXPLAIN QUERY PLAN details of `sql`, with every named parameter bound to NULL. */
function queryPlan(db: Database.Database, sql: string): string[] {
  const params = Object.fromEntries([...sql.matchAll(/@(\w+)/g)].map(([, name]) => [name, null]));
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[];
  return rows.map((row) => row.detail);
}

function rawCounts(db: Database.Database): Map<string, number> {
  const rows = db.prepare('SELECT status, COUNT(*) AS n FROM tasks GROUP BY status').all() as {
    status: string;
    n: number;
  }[];
  return new Map(rows.map((r) => [r.status, r.n]));
}

const ALL_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELLED'] as const;

/** Whether `a` comes after `b` in list order (what a cursor at `b` continues with). */
function olderThan(a: TaskRecord, b: TaskRecord): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}

function statusAt(i: number): TaskStatus {
  return ALL_STATUSES[i % ALL_STATUSES.length] ?? 'QUEUED';
}

describe('SqliteTaskStore migrations to retention and maintained counts', () => {
  it('a database from before them: counts start from its rows, finished rows age from updatedAt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'task-store-'));
    const path = join(dir, 'gateway.db');
    try {
      // The first two migrations, as the previous version left the file.
      const db = new Database(path);
      db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      for (const [i, sql] of MIGRATIONS.slice(0, 2).entries()) {
        db.exec(sql);
        db.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(i + 1, '2026-10-01T00:00:00.000Z');
      }
      const rows = [
        makeTask({ id: 'queued', updatedAt: '2026-01-01T00:00:00.000Z' }),
        makeTask({ id: 'old-failed', status: 'FAILED', updatedAt: '2026-10-01T00:00:00.000Z' }),
        makeTask({ id: 'recent-cancelled', status: 'CANCELLED', updatedAt: '2026-11-20T00:00:00.000Z' }),
      ];
      const insert = db.prepare(
        `INSERT INTO tasks (id, tenant, vendor, kind, vendor_task_id, status, version, created_at, record)
           VALUES (?, 'acme', 'PATSNAP', 'PATENT_EXPORT', ?, ?, 1, ?, ?)`,
      );
      for (const t of rows) insert.run(t.id, t.vendorTaskId, t.status, t.createdAt, JSON.stringify(t));
      db.prepare('INSERT INTO vendor_task_owners VALUES (?, ?, ?, ?)').run(
        'PATENT_EXPORT',
        'old-claim',
        'acme',
        '2026-10-01T00:00:00.000Z',
      );
      db.close();

      const now = Date.parse('2026-11-25T00:00:00.000Z');
      const store = new SqliteTaskStore(path, {
        retentionMs: 30 * 86_400_000,
        sweepIntervalMs: 0,
        now: () => now,
      });
      try {
        expect(await store.countByStatus()).toEqual(
          new Map([
            ['QUEUED', 1],
            ['FAILED', 1],
            ['CANCELLED', 1],
          ]),
        );
        // More than 30 days since the old failure and the old claim; five since the cancellation.
        expect(await store.sweep()).toBe(1);
        expect(await store.get('old-failed')).toBeNull();
        expect(await store.get('recent-cancelled')).not.toBeNull();
        expect(await store.ownerOf('PATENT_EXPORT', 'old-claim')).toBeNull();
        expect(await store.countByStatus()).toEqual(
          new Map([
            ['QUEUED', 1],
            ['CANCELLED', 1],
          ]),
        );
      } finally {
        await store.close();
      }
      const check = new Database(path, { readonly: true });
      expect(check.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({
        v: MIGRATIONS.length,
      });
      check.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SqliteTaskStore statements and plans', () => {
  it('keeps a small, fixed set of prepared statements whatever the status lists', async () => {
    const file = openFile();
    const { store } = file;
    const tasks = ALL_STATUSES.map((status, i) => makeTask({ status, createdAt: at(i) }));
    const cursorTask = makeTask({ status: 'QUEUED', createdAt: at(5), tenant: 'globex' });
    for (const task of [...tasks, cursorTask]) await store.insert(task);
    const before = store.preparedStatementCount;

    for (let length = 1; length <= 200; length++) {
      // Every length is another list; repeats included, as a client may send them.
      const statuses = Array.from({ length }, (_, i) => statusAt(i * 7 + length));
      const wanted = new Set(statuses);
      const after = length % 3 === 0 ? encodeCursor(cursorTask) : null;
      const vendor = length % 2 === 0 ? 'PATSNAP' : null;
      const page = await store.list({ tenant: 'acme', first: 10, statuses, after, vendor });
      const expected = tasks
        .filter((t) => wanted.has(t.status) && (after === null || olderThan(t, cursorTask)))
        .map((t) => t.id)
        .reverse();
      expect(page.tasks.map((t) => t.id)).toEqual(expected);
    }
    // Four list texts at most: with or without a status, with or without a cursor.
    expect(store.preparedStatementCount - before).toBeLessThanOrEqual(4);
    expect(store.preparedStatementCount).toBeLessThan(20);
  });

  it('serves a status filter, one status or several, from ranges of tasks_tenant_status_created', async () => {
    const file = openFile();
    const { store, raw } = file;
    const running = Array.from({ length: 300 }, (_, i) => makeTask({ status: 'RUNNING', createdAt: at(i) }));
    const failed = makeTask({ status: 'FAILED', createdAt: at(-1) });
    for (const task of [...running, failed]) await store.insert(task);
    // Where a page that ended at running[100] continues from (its cursor only has createdAt and id).
    const cursor = encodeCursor({ createdAt: at(100), id: 'task-~' });

    const queries: TaskListQuery[] = [
      { tenant: 'acme', first: 5, statuses: ['CANCELLED'] },
      { tenant: 'acme', first: 5, statuses: ['CANCELLED', 'EXPIRED', 'FAILED'] },
      { tenant: 'acme', first: 5, statuses: ['FAILED', 'RUNNING'], vendor: 'PATSNAP' },
      {
        tenant: 'acme',
        first: 5,
        statuses: ['RUNNING', 'QUEUED'],
        after: cursor,
      },
    ];
    const pages: TaskPage[] = [];
    const sqls = await preparedDuring(async () => {
      for (const query of queries) pages.push(await store.list(query));
    });
    expect(pages.map((p) => p.tasks.map((t) => t.id))).toEqual([
      [],
      [failed.id],
      running
        .slice(-5)
        .reverse()
        .map((t) => t.id),
      running
        .slice(96, 101)
        .reverse()
        .map((t) => t.id),
    ]);

    const reads = sqls.filter((sql) => /FROM tasks\b/.test(sql));
    expect(reads.length).toBeGreaterThan(0);
    for (const sql of reads) {
      const plan = queryPlan(raw, sql).join('\n');
      expect(plan).toMatch(/SEARCH tasks USING INDEX tasks_tenant_status_created \(tenant=\? AND status=\?/);
      // Neither a walk over the tenant's tasks nor a sort of everything that matches.
      expect(plan).not.toMatch(/SCAN tasks|TEMP B-TREE/);
    }
  });

  it('counts from task_counts, exact through inserts, status changes, refused writes and deletes', async () => {
    let now = Date.parse('2026-11-01T00:00:00.000Z');
    const file = openFile({ retentionMs: 1_000, now: () => now });
    const { store, raw } = file;
    const expectExact = async () => {
      const counts = await store.countByStatus();
      expect(counts).toEqual(rawCounts(raw));
      return counts;
    };

    // The scrape reads the maintained counts, never the tasks table.
    const sqls = await preparedDuring(() => store.countByStatus());
    expect(sqls).toHaveLength(1);
    for (const sql of sqls) {
      expect(sql).not.toMatch(/\btasks\b/);
      expect(queryPlan(raw, sql).join('\n')).not.toMatch(/\btasks\b/);
    }
    expect(await expectExact()).toEqual(new Map());
    const [a, b, c] = [makeTask(), makeTask(), makeTask({ status: 'RUNNING' })] as const;
    for (const task of [a, b, c]) await store.insert(task);
    await expect(store.insert(a)).rejects.toThrow();
    const tracked = makeTask({ origin: 'TRACKED', vendorTaskId: 'once' });
    await store.insert(tracked);
    await expect(store.insert(makeTask({ origin: 'TRACKED', vendorTaskId: 'once' }))).rejects.toThrow(
      AlreadyTrackedError,
    );
    expect(await expectExact()).toEqual(
      new Map([
        ['QUEUED', 3],
        ['RUNNING', 1],
      ]),
    );

    expect(await store.compareAndSet(nextOf(a, { status: 'FAILED' }), a.version)).toBe(true);
    expect(await store.compareAndSet(nextOf(b, { status: 'CANCELLED' }), b.version + 1)).toBe(false);
    expect(await store.compareAndSet(nextOf(c, { itemCount: 4 }), c.version)).toBe(true);
    expect(await expectExact()).toEqual(
      new Map([
        ['QUEUED', 2],
        ['RUNNING', 1],
        ['FAILED', 1],
      ]),
    );

    now += 1_000;
    expect(await store.sweep()).toBe(1);
    expect(await expectExact()).toEqual(
      new Map([
        ['QUEUED', 2],
        ['RUNNING', 1],
      ]),
    );
  });
});

describe('SqliteTaskStore retention', () => {
  const T0 = Date.parse('2026-11-01T00:00:00.000Z');

  it('deletes finished tasks and claims past retention, counting from the last terminal write', async () => {
    let now = T0;
    const file = openFile({ retentionMs: 1_000, now: () => now });
    const { store } = file;
    const live = makeTask({ vendorTaskId: 'live', createdAt: at(0) });
    const failed = makeTask({ status: 'FAILED', vendorTaskId: 'failed', createdAt: at(1) });
    const running = makeTask({ status: 'RUNNING', vendorTaskId: 'succeeded', createdAt: at(2) });
    const revived = makeTask({ status: 'EXPIRED', vendorTaskId: 'revived', createdAt: at(3) });
    const rewritten = makeTask({ status: 'FAILED', vendorTaskId: 'rewritten', createdAt: at(4) });
    for (const task of [live, failed, running, revived, rewritten]) await store.insert(task);
    const succeeded = nextOf(running, { status: 'SUCCEEDED', downloadUrl: 'https://x/y' });
    expect(await store.compareAndSet(succeeded, running.version)).toBe(true);
    await store.claim('PATENT_EXPORT', 'early', 'acme');

    now = T0 + 600;
    // A renewed download runs again: kept for good. Another terminal write restarts the clock.
    const running2 = nextOf(revived, { status: 'RUNNING' });
    expect(await store.compareAndSet(running2, revived.version)).toBe(true);
    const failedAgain = nextOf(rewritten, { vendorStatus: 'still failed' });
    expect(await store.compareAndSet(failedAgain, rewritten.version)).toBe(true);
    const late = makeTask({ status: 'CANCELLED', vendorTaskId: 'late', createdAt: at(5) });
    await store.insert(late);
    await store.claim('PATENT_EXPORT', 'late', 'acme');

    now = T0 + 999;
    expect(await store.sweep()).toBe(0);
    now = T0 + 1_000;
    expect(await store.sweep()).toBe(2);
    expect(await store.get(failed.id)).toBeNull();
    expect(await store.get(succeeded.id)).toBeNull();
    expect(await store.findByVendorTask('acme', 'PATENT_EXPORT', 'failed')).toBeNull();
    expect(await store.ownerOf('PATENT_EXPORT', 'early')).toBeNull();
    expect(await store.ownerOf('PATENT_EXPORT', 'late')).toBe('acme');
    expect((await store.list({ tenant: 'acme', first: 10 })).tasks).toEqual([
      late,
      failedAgain,
      running2,
      live,
    ]);
    expect(await store.listScheduled()).not.toContainEqual(expect.objectContaining({ id: succeeded.id }));

    now = T0 + 1_600;
    expect(await store.sweep()).toBe(2);
    expect((await store.list({ tenant: 'acme', first: 10 })).tasks).toEqual([running2, live]);
    expect(await store.ownerOf('PATENT_EXPORT', 'late')).toBeNull();
    expect(await store.countByStatus()).toEqual(
      new Map([
        ['QUEUED', 1],
        ['RUNNING', 1],
      ]),
    );

    now = T0 + 100_000;
    expect(await store.sweep()).toBe(0);
    expect(await store.get(live.id)).toEqual(live);
    expect(await store.get(running2.id)).toEqual(running2);
  });

  it('deletes a large backlog in batches, all of it', async () => {
    let now = T0;
    const file = openFile({ retentionMs: 1_000, now: () => now });
    const { store, raw } = file;
    const finished = Array.from({ length: 1_234 }, (_, i) =>
      makeTask({ status: i % 2 ? 'FAILED' : 'CANCELLED', createdAt: at(i) }),
    );
    for (const task of [...finished, makeTask()]) await store.insert(task);
    for (let i = 0; i < 1_100; i++) await store.claim('PATENT_EXPORT', `v-${i}`, 'acme');
    now += 1_000;
    expect(await store.sweep()).toBe(1_234);
    expect(await store.countByStatus()).toEqual(new Map([['QUEUED', 1]]));
    expect(raw.prepare('SELECT COUNT(*) AS n FROM vendor_task_owners').get()).toEqual({ n: 0 });
  });

  it('sweeps by itself shortly after open and then every interval, until closed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let now = T0;
      const file = openFile({ retentionMs: 1_000, sweepIntervalMs: 60_000, now: () => now });
      const { store } = file;
      expect(vi.getTimerCount()).toBe(1);
      const first = makeTask({ status: 'FAILED' });
      await store.insert(first);
      now += 1_000;
      await vi.advanceTimersByTimeAsync(4_999);
      expect(await store.get(first.id)).not.toBeNull();
      await vi.advanceTimersByTimeAsync(1);
      expect(await store.get(first.id)).toBeNull();

      const second = makeTask({ status: 'FAILED' });
      await store.insert(second);
      now += 1_000;
      await vi.advanceTimersByTimeAsync(59_999);
      expect(await store.get(second.id)).not.toBeNull();
      await vi.advanceTimersByTimeAsync(1);
      expect(await store.get(second.id)).toBeNull();

      await file.dispose();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a retention that would delete a task as it is written', () => {
    expect(() => new SqliteTaskStore(':memory:', { retentionMs: 0 })).toThrow(/retentionMs/);
  });
});

describe('SqliteTaskStore read cache', () => {
  it('hands every reader one frozen record until the task is written, then the new version', async () => {
    const { store } = openFile();
    const task = makeTask();
    await store.insert(task);
    const first = await store.get(task.id);
    expect(first).toEqual(task);
    expect(await store.get(task.id)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.history[0])).toBe(true);
    expect(() => {
      (first as TaskRecord).status = 'FAILED';
    }).toThrow(TypeError);
    expect(() => first?.history.push({ status: 'FAILED', vendorStatus: null, at: at(9) })).toThrow(TypeError);

    const next = nextOf(task, { status: 'RUNNING' });
    expect(await store.compareAndSet(next, task.version)).toBe(true);
    expect(await store.get(task.id)).toEqual(next);
    // A refused write changes nothing, and the record read before it is still the one served.
    const current = await store.get(task.id);
    expect(await store.compareAndSet(nextOf(task, { status: 'FAILED' }), task.version)).toBe(false);
    expect(await store.get(task.id)).toBe(current);
  });

  it("sees another connection's write at once: another store on the file, or an operator's UPDATE", async () => {
    const { store, raw } = openFile();
    const other = new SqliteTaskStore(raw.name, { sweepIntervalMs: 0 });
    disposals.unshift(() => other.close());
    const task = makeTask();
    await store.insert(task);
    expect(await store.get(task.id)).toEqual(task);

    const next = nextOf(task, { status: 'RUNNING' });
    expect(await other.compareAndSet(next, task.version)).toBe(true);
    expect(await store.get(task.id)).toEqual(next);

    const edited = { ...next, vendorStatus: 'edited by hand' };
    raw.prepare('UPDATE tasks SET record = ? WHERE id = ?').run(JSON.stringify(edited), task.id);
    expect(await store.get(task.id)).toEqual(edited);
    raw.prepare('DELETE FROM tasks WHERE id = ?').run(task.id);
    expect(await store.get(task.id)).toBeNull();
  });

  it('forgets what a sweep deleted, and keeps at most `cachedRecords` records', async () => {
    let now = Date.parse('2026-11-01T00:00:00.000Z');
    const { store } = openFile({ retentionMs: 1_000, now: () => now, cachedRecords: 2 });
    const [a, b, c, d] = [makeTask({ status: 'FAILED' }), makeTask(), makeTask(), makeTask()];
    for (const task of [a, b, c, d]) await store.insert(task);
    const readA = await store.get(a.id);
    expect(readA).toEqual(a);
    now += 1_000;
    expect(await store.sweep()).toBe(1);
    expect(await store.get(a.id)).toBeNull();

    const readB = await store.get(b.id);
    expect(await store.get(b.id)).toBe(readB);
    await store.get(c.id);
    await store.get(d.id);
    // b is the one kept longest unread: the third record pushed it out, and it is read again.
    const readBAgain = await store.get(b.id);
    expect(readBAgain).toEqual(b);
    expect(readBAgain).not.toBe(readB);
  });
});
