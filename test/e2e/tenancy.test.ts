import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { errorCodes, execute, executeOk, subscribeSse, subscribeWs, wsUrl } from '../support/clients.js';
import {
  CancelTask,
  GetNode,
  GetTask,
  ListTasks,
  RefreshTask,
  StartPatentExport,
  TasksUpdated,
  TaskUpdated,
  TrackTask,
} from '../support/documents.js';

const ACME = 'key-acme-0123456789';
const GLOBEX = 'key-globex-0123456789';
let app: TestApp;

beforeAll(async () => {
  app = await startApp({ API_KEYS: `acme:${ACME},globex:${GLOBEX}`, SANDBOX_TASK_MS: '1500' });
});

afterAll(async () => {
  await app.close();
  removeTempDirs();
});

const input = { queryText: 'lidar', fields: ['PN'], exportType: 'JSON' as const, rows: 5 };

describe('tenant isolation', () => {
  it('requests without a valid key are refused on HTTP, SSE and graphql-ws', async () => {
    const none = await execute(app.url, ListTasks, {});
    expect(errorCodes(none)).toEqual(['UNAUTHENTICATED']);
    expect(none.httpStatus).toBe(401);
    expect(errorCodes(await execute(app.url, ListTasks, {}, { token: 'wrong' }))).toEqual([
      'UNAUTHENTICATED',
    ]);

    const sse = subscribeSse(app.url, TasksUpdated, {}, { token: 'wrong' });
    await sse.done.catch(() => {});
    expect(JSON.stringify(sse.errors)).toContain('UNAUTHENTICATED');

    const closeCode = await new Promise<number>((resolve) => {
      const client = createClient({
        url: wsUrl(app.url),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: 'Bearer wrong' },
        on: { closed: (event) => resolve((event as { code: number }).code) },
      });
      client.subscribe(
        { query: 'subscription { tasksUpdated { id } }' },
        { next() {}, error() {}, complete() {} },
      );
    });
    expect(closeCode).toBe(4403);
  });

  it("another tenant's task is NOT_FOUND on every root field and both transports", async () => {
    const mine = (await executeOk(app.url, StartPatentExport, { input }, { token: ACME })).startPatentExport
      .task;
    const asGlobex = { token: GLOBEX };

    expect(errorCodes(await execute(app.url, GetTask, { id: mine.id }, asGlobex))).toEqual(['NOT_FOUND']);
    expect((await executeOk(app.url, GetNode, { id: mine.id }, asGlobex)).node).toBeNull();
    expect(errorCodes(await execute(app.url, RefreshTask, { id: mine.id }, asGlobex))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await execute(app.url, CancelTask, { id: mine.id }, asGlobex))).toEqual(['NOT_FOUND']);
    expect((await executeOk(app.url, ListTasks, {}, asGlobex)).tasks.edges).toEqual([]);

    const ws = subscribeWs(app.url, TaskUpdated, { id: mine.id }, asGlobex);
    await ws.done;
    expect(ws.events).toEqual([]);
    expect(JSON.stringify(ws.errors)).toContain('NOT_FOUND');

    const sse = subscribeSse(app.url, TaskUpdated, { id: mine.id }, asGlobex);
    await sse.done.catch(() => {});
    expect(sse.events).toEqual([]);
    expect(JSON.stringify(sse.errors)).toContain('NOT_FOUND');

    // The vendor task id belongs to acme: globex cannot follow it, whatever it knows.
    const tracked = await execute(
      app.url,
      TrackTask,
      { input: { kind: 'PATENT_EXPORT', vendorTaskId: mine.vendorTaskId } },
      asGlobex,
    );
    expect(errorCodes(tracked)).toEqual(['NOT_FOUND']);
    expect(tracked.data).toBeNull();

    // The owner still sees and follows its task.
    expect((await executeOk(app.url, GetTask, { id: mine.id }, { token: ACME })).task?.id).toBe(mine.id);
    const own = subscribeWs(app.url, TaskUpdated, { id: mine.id }, { token: ACME });
    await own.done;
    expect(own.events.at(-1)?.taskUpdated.status).toBe('SUCCEEDED');
  });

  it("tasksUpdated delivers only the caller's tasks", async () => {
    const globexFeed = subscribeWs(app.url, TasksUpdated, {}, { token: GLOBEX });
    const acmeFeed = subscribeWs(app.url, TasksUpdated, {}, { token: ACME });
    // The subscriptions are live once a task of each tenant shows up in its own feed.
    const acmeTask = (await executeOk(app.url, StartPatentExport, { input }, { token: ACME }))
      .startPatentExport.task;
    const globexTask = (await executeOk(app.url, StartPatentExport, { input }, { token: GLOBEX }))
      .startPatentExport.task;
    await acmeFeed.waitFor((e) => e.tasksUpdated.id === acmeTask.id && e.tasksUpdated.status === 'SUCCEEDED');
    await globexFeed.waitFor(
      (e) => e.tasksUpdated.id === globexTask.id && e.tasksUpdated.status === 'SUCCEEDED',
    );
    expect(acmeFeed.events.every((e) => e.tasksUpdated.id !== globexTask.id)).toBe(true);
    expect(globexFeed.events.every((e) => e.tasksUpdated.id !== acmeTask.id)).toBe(true);
    acmeFeed.stop();
    globexFeed.stop();
  });
});
