import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartPatentExportInput } from '../generated/graphql.js';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import {
  errorCodes,
  execute,
  executeOk,
  metricValue,
  subscribeSse,
  subscribeWs,
} from '../support/clients.js';
import {
  CancelTask,
  GetNode,
  GetTask,
  ListTasks,
  RefreshTask,
  StartPatentExport,
  TaskUpdated,
  Vendors,
} from '../support/documents.js';

const exportInput: StartPatentExportInput = {
  queryText: 'TTL:(lidar AND vehicle)',
  fields: ['PN', 'TITLE', 'APNO'],
  exportType: 'CSV',
  rows: 20,
};

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app.close();
  removeTempDirs();
});

async function startExport(input: Partial<StartPatentExportInput> = {}) {
  const data = await executeOk(app.url, StartPatentExport, { input: { ...exportInput, ...input } });
  return data.startPatentExport.task;
}

describe('patent export over graphql-ws and SSE', () => {
  it('graphql-ws: snapshot first, every transition, SUCCEEDED with a URL that downloads, then completion', async () => {
    const task = await startExport();
    expect(task).toMatchObject({ __typename: 'PatentExportTask', vendor: 'PATSNAP', kind: 'PATENT_EXPORT' });
    expect(['QUEUED', 'RUNNING']).toContain(task.status);

    const sub = subscribeWs(app.url, TaskUpdated, { id: task.id });
    await sub.done;
    const statuses = sub.events.map((e) => e.taskUpdated.status);
    expect(statuses[0]).toBe(task.status);
    expect(statuses.at(-1)).toBe('SUCCEEDED');
    expect(statuses.filter((s) => s === 'SUCCEEDED')).toHaveLength(1);
    const final = sub.events.at(-1)?.taskUpdated;
    expect(final?.vendorStatus).toBe('SUCCESS');
    expect(final?.downloadUrl).toMatch(/X-Amz-Expires=604800/);
    expect(Date.parse(final?.downloadExpiresAt ?? '')).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
    expect(final?.history.map((h) => h.status)).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);

    const file = await fetch(final?.downloadUrl ?? '');
    expect(file.status).toBe(200);
    const csv = await file.text();
    expect(csv.split('\n')[0]).toContain('PN');
    expect(csv.trim().split('\n').length).toBe((final?.itemCount ?? 0) + 1);
  });

  it('SSE: the same sequence over text/event-stream', async () => {
    const task = await startExport({ exportType: 'JSON' });
    const sub = subscribeSse(app.url, TaskUpdated, { id: task.id });
    expect(await sub.status).toBe(200);
    await sub.done;
    expect(sub.events[0]?.taskUpdated.id).toBe(task.id);
    expect(sub.events.at(-1)?.taskUpdated.status).toBe('SUCCEEDED');
    const body = await (await fetch(sub.events.at(-1)?.taskUpdated.downloadUrl ?? '')).json();
    expect(Array.isArray(body)).toBe(true);
  });

  it('subscribing after the task finished yields the final state at once and completes', async () => {
    const task = await startExport();
    await subscribeWs(app.url, TaskUpdated, { id: task.id }).done;
    const late = subscribeWs(app.url, TaskUpdated, { id: task.id });
    await late.done;
    expect(late.events).toHaveLength(1);
    expect(late.events[0]?.taskUpdated.status).toBe('SUCCEEDED');
    const lateSse = subscribeSse(app.url, TaskUpdated, { id: task.id });
    await lateSse.done;
    expect(lateSse.events.map((e) => e.taskUpdated.status)).toEqual(['SUCCEEDED']);
  });
});

describe('queries and mutations', () => {
  it('task, node, tasks with cursor pages and filters', async () => {
    const a = await startExport();
    const b = await startExport();
    const c = await startExport();
    expect((await executeOk(app.url, GetTask, { id: b.id })).task?.id).toBe(b.id);
    const node = await executeOk(app.url, GetNode, { id: c.id });
    expect(node.node?.id).toBe(c.id);

    const first = await executeOk(app.url, ListTasks, { first: 2 });
    expect(first.tasks.edges.map((e) => e.node.id)).toEqual([c.id, b.id]);
    expect(first.tasks.pageInfo.hasNextPage).toBe(true);
    const second = await executeOk(app.url, ListTasks, { first: 1, after: first.tasks.pageInfo.endCursor });
    expect(second.tasks.edges.map((e) => e.node.id)).toEqual([a.id]);

    const none = await executeOk(app.url, ListTasks, {
      first: 5,
      status: ['CANCELLED'],
      vendor: 'TENCENT_DLC',
    });
    expect(none.tasks.edges).toEqual([]);
  });

  it('refreshTask polls now and cancelTask stops tracking', async () => {
    const task = await startExport();
    const refreshed = (await executeOk(app.url, RefreshTask, { id: task.id })).refreshTask.task;
    expect(refreshed.pollCount).toBeGreaterThanOrEqual(1);
    expect(refreshed.vendorStatus).toBe('PENDING');
    const cancelled = (await executeOk(app.url, CancelTask, { id: task.id })).cancelTask.task;
    expect(cancelled.status).toBe('CANCELLED');
    const sub = subscribeWs(app.url, TaskUpdated, { id: task.id });
    await sub.done;
    expect(sub.events.map((e) => e.taskUpdated.status)).toEqual(['CANCELLED']);
    const polls = cancelled.pollCount;
    await new Promise((resolve) => setTimeout(resolve, 600)); // longer than the sandbox task: no more polls
    expect((await executeOk(app.url, GetTask, { id: task.id })).task?.pollCount).toBe(polls);
  });

  it('vendors reports the sandbox and the rate budget', async () => {
    const data = await executeOk(app.url, Vendors, {});
    expect(data.vendors).toContainEqual({
      vendor: 'PATSNAP',
      mode: 'SANDBOX',
      configured: true,
      ratePerSecond: 200,
      ownCredentials: false,
    });
  });

  it('unknown and malformed ids answer NOT_FOUND', async () => {
    for (const id of [
      'nope',
      Buffer.from('PatentExportTask:00000000-0000-0000-0000-000000000000').toString('base64'),
    ]) {
      expect(errorCodes(await execute(app.url, GetTask, { id }))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await execute(app.url, RefreshTask, { id }))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await execute(app.url, CancelTask, { id }))).toEqual(['NOT_FOUND']);
    }
    const sub = subscribeWs(app.url, TaskUpdated, { id: 'nope' });
    await sub.done;
    expect(JSON.stringify(sub.errors)).toContain('NOT_FOUND');
  });
});

describe('bad input is rejected before any vendor call', () => {
  it.each([
    [{ rows: 1001, exportType: 'PDF' }, 'input.rows', 1000],
    [{ rows: 0 }, 'input.rows', null],
    [{ rows: 100_000, offset: 1 }, 'input.offset', null],
    [{ exportType: 'FULL_TEXT', fields: ['PN', 'TITLE'] }, 'input.fields', null],
    [{ fields: ['PN', 'DESC'] }, 'input.fields', null],
    [{ fields: [] }, 'input.fields', null],
    [{ queryText: '' }, 'input.queryText', null],
    [{ queryText: 'x'.repeat(2001) }, 'input.queryText', 2000],
    [{ applicationDateFrom: '2024-01-01' }, 'input.applicationDateFrom', null],
  ])('%# -> BAD_USER_INPUT on %s', async (patch, field, limit) => {
    const before = await metricValue(app.origin, 'gateway_vendor_requests_total', {
      operation: 'patent_export_create',
    });
    expect(before).toBeGreaterThan(0); // the counter is live: earlier tests created exports
    const result = await execute(app.url, StartPatentExport, {
      input: { ...exportInput, ...patch } as never,
    });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions?.field).toBe(field);
    if (limit !== null) {
      expect(result.errors?.[0]?.extensions?.limit).toBe(limit);
      expect(result.errors?.[0]?.message).toContain(String(limit));
    }
    expect(
      await metricValue(app.origin, 'gateway_vendor_requests_total', { operation: 'patent_export_create' }),
    ).toBe(before);
  });

  it('GraphQL-level type errors never produce a 500', async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation { startPatentExport(input: { rows: "many" }) { task { id } } }',
      }),
    });
    expect(response.status).toBeLessThan(500);
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(body.errors.length).toBeGreaterThan(0);
    const junk = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(junk.status).toBe(400);
  });
});

describe('operational endpoints', () => {
  it('/health, /ready and /metrics answer', async () => {
    expect((await fetch(`${app.origin}/health`)).status).toBe(200);
    expect((await fetch(`${app.origin}/ready`)).status).toBe(200);
    const text = await (await fetch(`${app.origin}/metrics`)).text();
    for (const name of [
      'gateway_vendor_requests_total',
      'gateway_task_polls_total',
      'gateway_subscriptions_active',
      'gateway_tasks',
    ]) {
      expect(text).toContain(name);
    }
    expect(await metricValue(app.origin, 'gateway_tasks', { status: 'SUCCEEDED' })).toBeGreaterThan(0);
  });

  it('serves GraphiQL to a browser', async () => {
    const response = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('GraphiQL');
  });
});
