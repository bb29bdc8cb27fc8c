import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startApp, type TestApp, tenantsFile } from '../support/app.js';
import { errorCodes, execute, executeOk, subscribeWs } from '../support/clients.js';
import {
  ListTasks,
  PatentSearch,
  StartPatentExport,
  TasksUpdated,
  TaskUpdated,
  Vendors,
} from '../support/documents.js';

const KEYS = {
  reader: 'key-reader-0123456789',
  writer: 'key-writer-0123456789',
  searcher: 'key-searcher-0123456789',
};
const input = { queryText: 'lidar', fields: ['PN'], exportType: 'JSON' as const, rows: 5 };

let app: TestApp;
beforeAll(async () => {
  const path = tenantsFile({
    tenants: {
      reader: { keys: [KEYS.reader], scopes: ['tasks:read'] },
      writer: { keys: [KEYS.writer], scopes: ['tasks:write'] },
      searcher: { keys: [KEYS.searcher], scopes: ['search'] },
    },
  });
  app = await startApp({ TENANTS_FILE: path });
});
afterAll(async () => {
  await app.close();
  removeTempDirs();
});

const forbidden = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.map((e) => [e.extensions?.code, e.extensions?.scope]);

describe('scopes from TENANTS_FILE, enforced on every root field', () => {
  it('tasks:read alone: reads and subscribes, cannot start or search', async () => {
    const token = KEYS.reader;
    expect((await executeOk(app.url, ListTasks, {}, { token })).tasks.edges).toEqual([]);
    expect(forbidden(await execute(app.url, StartPatentExport, { input }, { token }))).toEqual([
      ['FORBIDDEN', 'tasks:write'],
    ]);
    expect(
      forbidden(await execute(app.url, PatentSearch, { input: { queryText: 'TTL:(lidar)' } }, { token })),
    ).toEqual([['FORBIDDEN', 'search']]);
    expect((await executeOk(app.url, Vendors, {}, { token })).vendors).toHaveLength(3);
  });

  it('tasks:write alone: starts, but cannot read or subscribe, and only that subscription is refused', async () => {
    const token = KEYS.writer;
    const started = await executeOk(app.url, StartPatentExport, { input }, { token });
    expect(started.startPatentExport.task.status).toBe('RUNNING');
    expect(forbidden(await execute(app.url, ListTasks, {}, { token }))).toEqual([
      ['FORBIDDEN', 'tasks:read'],
    ]);

    const feed = subscribeWs(app.url, TasksUpdated, {}, { token });
    await feed.done.catch(() => {});
    expect(JSON.stringify(feed.errors)).toContain('tasks:read');
    // The socket is still usable: another operation on it is answered (refused the same way).
    const again = subscribeWs(
      app.url,
      TaskUpdated,
      { id: started.startPatentExport.task.id },
      {
        token,
        client: feed.client,
      },
    );
    await again.done.catch(() => {});
    expect(JSON.stringify(again.errors)).toContain('FORBIDDEN');
    feed.stop();
  });

  it('search alone: searches', async () => {
    const result = await executeOk(
      app.url,
      PatentSearch,
      { input: { queryText: 'TTL:(lidar)' } },
      {
        token: KEYS.searcher,
      },
    );
    expect(result.patentSearch.total).toBeGreaterThanOrEqual(0);
    expect(errorCodes(await execute(app.url, ListTasks, {}, { token: KEYS.searcher }))).toEqual([
      'FORBIDDEN',
    ]);
  });
});
