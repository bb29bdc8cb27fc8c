import { request as httpRequest } from 'node:http';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import {
  errorCodes,
  execute,
  executeOk,
  metricValue,
  subscribeSse,
  subscribeWs,
  wsUrl,
} from '../support/clients.js';
import {
  CancelTask,
  GetNode,
  GetTask,
  RefreshTask,
  StartPatentExport,
  TasksUpdated,
  TaskUpdated,
  Vendors,
} from '../support/documents.js';

const ACME = 'key-acme-0123456789';
const GLOBEX = 'key-globex-0123456789';
const input = { queryText: 'lidar', fields: ['PN'], exportType: 'JSON' as const, rows: 5 };

afterAll(() => removeTempDirs());

function wsClient(url: string, token: string) {
  return createClient({
    url: wsUrl(url),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: { authorization: `Bearer ${token}` },
  });
}

/** Waits until the open-subscriptions gauge reads `value` (the gauge is the event here). */
async function gaugeReaches(origin: string, value: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if ((await metricValue(origin, 'gateway_subscriptions_active')) === value) return Date.now() - started;
    if (Date.now() - started > 30_000) throw new Error(`gauge never reached ${value}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('subscriptions end with their client, and are bounded per connection and per tenant', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({
      API_KEYS: `acme:${ACME},globex:${GLOBEX}`,
      LIMIT_SUBSCRIPTIONS_PER_CONNECTION: '50',
      LIMIT_SUBSCRIPTIONS: '120',
    });
  });
  afterAll(() => app.close());

  it('a closed socket or SSE stream releases its subscriptions at once, with no event needed', async () => {
    const before = await metricValue(app.origin, 'gateway_subscriptions_active');
    const clients = [wsClient(app.url, ACME), wsClient(app.url, ACME)];
    const subs = clients.flatMap((client) =>
      Array.from({ length: 50 }, () => subscribeWs(app.url, TasksUpdated, {}, { token: ACME, client })),
    );
    const sse = subscribeSse(app.url, TasksUpdated, {}, { token: ACME });
    await gaugeReaches(app.origin, before + 101);
    // No task changes from here on: only the clients going away can end these subscriptions.
    for (const client of clients) await client.dispose();
    sse.stop();
    const ms = await gaugeReaches(app.origin, before);
    expect(ms).toBeLessThan(1000);
    expect(subs.every((s) => s.events.length === 0)).toBe(true);
  });

  it('the 51st operation on one socket and the 121st subscription of a tenant answer RATE_LIMITED', async () => {
    const client = wsClient(app.url, ACME);
    const open = Array.from({ length: 50 }, () =>
      subscribeWs(app.url, TasksUpdated, {}, { token: ACME, client }),
    );
    await gaugeReaches(app.origin, 50);
    const extra = subscribeWs(app.url, TasksUpdated, {}, { token: ACME, client });
    await extra.done.catch(() => {});
    expect(JSON.stringify(extra.errors)).toContain('RATE_LIMITED');
    expect(JSON.stringify(extra.errors)).toContain('subscriptionsPerConnection');

    // 70 more on other sockets reach the tenant's 120; the next is refused, globex is not.
    const more = [wsClient(app.url, ACME), wsClient(app.url, ACME)];
    const rest = more.flatMap((c, i) =>
      Array.from({ length: i === 0 ? 50 : 20 }, () =>
        subscribeWs(app.url, TasksUpdated, {}, { token: ACME, client: c }),
      ),
    );
    await gaugeReaches(app.origin, 120);
    const overTenant = subscribeWs(app.url, TasksUpdated, {}, { token: ACME });
    await overTenant.done.catch(() => {});
    expect(JSON.stringify(overTenant.errors)).toMatch(
      /RATE_LIMITED.*subscriptions|subscriptions.*RATE_LIMITED/,
    );
    const globex = subscribeWs(app.url, TasksUpdated, {}, { token: GLOBEX });
    await gaugeReaches(app.origin, 121);
    // The refused ones changed nothing: the open ones still deliver.
    const task = (await executeOk(app.url, StartPatentExport, { input }, { token: ACME })).startPatentExport
      .task;
    await open[0]?.waitFor((e) => e.tasksUpdated.id === task.id);
    await rest.at(-1)?.waitFor((e) => e.tasksUpdated.id === task.id);
    globex.stop();
    for (const c of [client, ...more]) await c.dispose();
    await gaugeReaches(app.origin, 0);
  });

  it('a document that does not parse answers an error for that subscription only', async () => {
    const client = wsClient(app.url, ACME);
    const task = (await executeOk(app.url, StartPatentExport, { input }, { token: ACME })).startPatentExport
      .task;
    const good = subscribeWs(app.url, TaskUpdated, { id: task.id }, { token: ACME, client });
    const errors = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: 'subscription { taskUpdated(id: ' },
        {
          next() {},
          error: resolve,
          complete() {},
        },
      );
    });
    expect(JSON.stringify(errors)).toContain('Syntax Error');
    await good.done;
    expect(good.events.at(-1)?.taskUpdated.status).toBe('SUCCEEDED');
    await client.dispose();
  });
});

describe('request rate, message and body sizes', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({
      API_KEYS: `acme:${ACME},globex:${GLOBEX}`,
      LIMIT_REQUESTS_PER_MINUTE: '5',
      LIMIT_BODY_BYTES: '65536',
      LIMIT_FRAME_BYTES: '65536',
    });
  });
  afterAll(() => app.close());

  it('a tenant over its requests per minute gets HTTP 429 with Retry-After; another tenant does not', async () => {
    for (let i = 0; i < 5; i++)
      expect((await execute(app.url, Vendors, {}, { token: ACME })).httpStatus).toBe(200);
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ACME}` },
      body: JSON.stringify({ query: '{ vendors { vendor } }' }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'requestsPerMinute' });
    expect(Number(body.errors[0]?.extensions.retryAfterMs)).toBeGreaterThan(0);
    expect((await execute(app.url, Vendors, {}, { token: GLOBEX })).httpStatus).toBe(200);
    // graphql-ws subscribe messages count too.
    const sub = subscribeWs(app.url, Vendors, {}, { token: ACME });
    await sub.done.catch(() => {});
    expect(JSON.stringify(sub.errors)).toContain('RATE_LIMITED');
  });

  it('a body over LIMIT_BODY_BYTES is refused with 413, a WebSocket frame over LIMIT_FRAME_BYTES closes with 1009', async () => {
    const big = JSON.stringify({ query: `{ vendors { vendor } } # ${'x'.repeat(128 * 1024)}` });
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${GLOBEX}` },
      body: big,
    });
    expect(response.status).toBe(413);

    // Without a Content-Length (chunked), the body is counted as it arrives.
    const chunked = async (chunks: string[]) => {
      // A connection of its own: the server may close one whose refused body it did not read.
      const request = httpRequest(app.url, {
        agent: false,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${GLOBEX}` },
      });
      const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
        request.on('response', (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => {
            body += chunk.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        request.on('error', reject);
      });
      for (const chunk of chunks) request.write(chunk);
      request.end();
      return answered;
    };
    const half = Math.ceil(big.length / 2);
    const refused = await chunked([big.slice(0, half), big.slice(half)]);
    expect(refused.status).toBe(413);
    expect(refused.body).toContain('REQUEST_ENTITY_TOO_LARGE');
    const small = JSON.stringify({ query: '{ vendors { vendor } }' });
    const accepted = await chunked([small.slice(0, 5), small.slice(5)]);
    expect(accepted.status).toBe(200);
    expect(JSON.parse(accepted.body).data.vendors.length).toBeGreaterThan(0);

    const code = await new Promise<number>((resolve) => {
      const socket = new WebSocket(wsUrl(app.url), 'graphql-transport-ws');
      socket.on('open', () =>
        socket.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(128 * 1024) } })),
      );
      socket.on('close', (closeCode) => resolve(closeCode));
    });
    expect(code).toBe(1009);
  });
});

describe('malformed ids', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ AUTH: 'none' });
  });
  afterAll(() => app.close());

  it.each([
    '0',
    '',
    '!!!',
    'Zm9v',
    Buffer.from('PatentExportTask:').toString('base64'),
    Buffer.from('Nope:1').toString('base64'),
    Buffer.from(':x').toString('base64'),
  ])('%j: node is null, task/refresh/cancel are NOT_FOUND, never an internal error', async (id) => {
    const node = await execute(app.url, GetNode, { id });
    expect(node.errors).toBeUndefined();
    expect(node.data?.node).toBeNull();
    expect(errorCodes(await execute(app.url, GetTask, { id }))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await execute(app.url, RefreshTask, { id }))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await execute(app.url, CancelTask, { id }))).toEqual(['NOT_FOUND']);
  });

  it("a task's global id with another task type's name is null too", async () => {
    const task = (await executeOk(app.url, StartPatentExport, { input })).startPatentExport.task;
    const raw = Buffer.from(task.id, 'base64').toString().split(':')[1] ?? '';
    const wrongType = Buffer.from(`EnterpriseReportTask:${raw}`).toString('base64');
    expect((await executeOk(app.url, GetNode, { id: wrongType })).node).toBeNull();
    expect((await executeOk(app.url, GetNode, { id: task.id })).node?.id).toBe(task.id);
  });
});

describe('shutdown', () => {
  it('/ready answers 503 at once while the gateway still serves during SHUTDOWN_GRACE_MS', async () => {
    const app = await startApp({ AUTH: 'none', SHUTDOWN_GRACE_MS: '800' });
    expect((await fetch(`${app.origin}/ready`)).status).toBe(200);
    const closing = app.close();
    const ready = await fetch(`${app.origin}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'shutting down' });
    expect((await executeOk(app.url, Vendors, {})).vendors).toHaveLength(3);
    await closing;
  });
});

describe('active tasks', () => {
  it('a tenant at LIMIT_ACTIVE_TASKS gets RATE_LIMITED for the next start and track, before any vendor call', async () => {
    const app = await startApp({
      API_KEYS: `acme:${ACME},globex:${GLOBEX}`,
      LIMIT_ACTIVE_TASKS: '2',
      SANDBOX_TASK_MS: '600000',
    });
    try {
      const creates = () => app.sandbox.patsnap?.stats.calls['export.create'] ?? Number.NaN;
      for (let i = 0; i < 2; i++) await executeOk(app.url, StartPatentExport, { input }, { token: ACME });
      const before = creates();
      const third = await execute(app.url, StartPatentExport, { input }, { token: ACME });
      expect(errorCodes(third)).toEqual(['RATE_LIMITED']);
      expect(third.errors?.[0]?.extensions).toMatchObject({ limit: 'activeTasks' });
      expect(Number(third.errors?.[0]?.extensions?.retryAfterMs)).toBeGreaterThan(0);
      expect(creates()).toBe(before);
      // Another tenant has a budget of its own.
      expect(
        (await execute(app.url, StartPatentExport, { input }, { token: GLOBEX })).errors,
      ).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
