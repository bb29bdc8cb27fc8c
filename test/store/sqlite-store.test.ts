import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTaskStore } from '../../src/store/sqlite-store.js';
import type { TaskStore } from '../../src/store/task-store.js';
import { taskStoreContract } from './task-store-contract.js';

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
