import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteTaskStore } from '../../src/store/sqlite-store.js';
import type { TaskStore } from '../../src/store/task-store.js';
import { makeTask, taskStoreContract } from './task-store-contract.js';

// A file, not :memory:, so that two store objects are two connections on one database, as two
// processes on one file would be.
taskStoreContract('SqliteTaskStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'task-store-'));
  const opened: TaskStore[] = [];
  return {
    async open() {
      const store = new SqliteTaskStore(join(dir, 'gateway.db'));
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
