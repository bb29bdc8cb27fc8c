import { describe, expect, it, vi } from 'vitest';
import { createPatSnapSandbox, type PatSnapSandbox } from '../../src/vendors/patsnap/sandbox/index.js';
import { RedisSandboxState } from '../../src/vendors/shared/sandbox/state.js';
import { sandboxServers, testRedis } from '../support/sandbox-server.js';

/**
 * Two PatSnap sandboxes on one Redis, each on its own HTTP server, as two gateway instances would
 * mount them: one vendor, whichever instance a call reaches.
 */

const REDIS_URL = process.env.REDIS_URL;
const BASE_PATH = '/sandbox/patsnap';
const CLIENT_ID = 'cluster-client';
const CLIENT_SECRET = 'cluster-client-secret';
const API_KEY = `sk-${'c'.repeat(48)}`;
const TASK_MS = 6000;
const START = Date.UTC(2025, 0, 15, 10, 0, 0, 100);

interface Instance {
  sandbox: PatSnapSandbox;
  base: string;
}

describe.skipIf(!REDIS_URL)('PatSnap sandbox on Redis: two instances, one vendor', () => {
  const { listen } = sandboxServers();
  const testDb = testRedis(REDIS_URL);

  /** Two instances sharing one key prefix (a fresh one per test) and one clock. */
  async function cluster(qps = 1000, clock = { now: START }): Promise<[Instance, Instance, { now: number }]> {
    const keyPrefix = testDb.freshPrefix('patsnap:');
    const start = async (): Promise<Instance> => {
      let origin = '';
      const sandbox = createPatSnapSandbox({
        basePath: BASE_PATH,
        publicOrigin: () => origin,
        taskMs: TASK_MS,
        qps,
        secret: 'cluster-secret',
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        apiKeys: [API_KEY],
        now: () => clock.now,
        state: new RedisSandboxState(testDb.redis, { keyPrefix }),
      });
      origin = `http://${await listen((req, res) => void sandbox.handle(req, res))}`;
      return { sandbox, base: `${origin}${BASE_PATH}` };
    };
    return [await start(), await start(), clock];
  }

  async function call(
    base: string,
    path: string,
    opts: {
      method?: string;
      bearer?: string;
      apikey?: string;
      query?: Record<string, string>;
      json?: unknown;
    } = {},
  ) {
    const url = new URL(`${base}${path}`);
    if (opts.apikey !== undefined) url.searchParams.set('apikey', opts.apikey);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
    const res = await fetch(url, {
      method: opts.method ?? 'GET',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${opts.bearer ?? API_KEY}` },
      body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
    });
    const text = await res.text();
    return { status: res.status, text, json: JSON.parse(text) as Record<string, unknown> };
  }

  async function token(base: string): Promise<string> {
    const res = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    return ((await res.json()) as { token: string }).token;
  }

  async function createExport(
    base: string,
    auth: { bearer?: string; apikey?: string } = {},
  ): Promise<string> {
    const res = await call(base, '/patent-search/export', {
      ...auth,
      method: 'POST',
      json: { query_text: 'TTL:(lidar AND vehicle)', fields: 'PN,TITLE', export_type: 'csv', rows: 10 },
    });
    expect(res.json).toMatchObject({ status: true, error_code: 0 });
    return (res.json.data as { task_id: string }).task_id;
  }

  const exportStatus = (base: string, taskId: string, auth: { bearer?: string; apikey?: string } = {}) =>
    call(base, '/patent-search/task', { ...auth, query: { task_id: taskId } });

  async function stats(base: string): Promise<Record<string, unknown>> {
    return (await (await fetch(`${base}/_stats`)).json()) as Record<string, unknown>;
  }

  it('accepts on B the token, export task, link and report job that A handed out', async () => {
    const [a, b, clock] = await cluster();
    const bearer = await token(a.base);
    const auth = { bearer, apikey: CLIENT_ID };
    const taskId = await createExport(a.base, auth);
    expect((await exportStatus(b.base, taskId, auth)).json).toMatchObject({
      status: true,
      data: { export_status: 'PENDING' },
    });
    clock.now += TASK_MS;
    const done = await exportStatus(b.base, taskId, auth);
    const url = (done.json.data as { url: string }).url;
    expect(url.startsWith(b.base)).toBe(true);
    expect((await fetch(url.replace(b.base, a.base))).status).toBe(200);

    const created = await call(a.base, '/innovation/company-report/task/create', {
      method: 'POST',
      json: { company_name: '小米科技有限责任公司', report_type: 'pdf' },
    });
    const jobId = /"job_id":(\d+)/.exec(created.text)?.[1] as string;
    expect(
      (await call(b.base, '/innovation/company-report/job_id/status', { query: { job_id: jobId } })).json,
    ).toMatchObject({ status: true, error_code: 0 });
  });

  it('gives report jobs created in the same millisecond on different instances distinct ids', async () => {
    const [a, b] = await cluster();
    const body = { company_name: '小米科技有限责任公司', report_type: 'pdf' };
    const ids = new Set<string>();
    for (const instance of [a, b, a, b]) {
      const res = await call(instance.base, '/innovation/company-report/task/create', {
        method: 'POST',
        json: body,
      });
      ids.add(/"job_id":(\d+)/.exec(res.text)?.[1] as string);
    }
    expect(ids.size).toBe(4);
  });

  it('shares the QPS budget: calls over both instances in one second are refused once their sum exceeds qps', async () => {
    const [a, b, clock] = await cluster(4, { now: Date.UTC(2025, 0, 15, 10, 0, 1, 0) });
    const codes: number[] = [];
    for (const instance of [a, b, a, b, a, b]) {
      codes.push(Number((await exportStatus(instance.base, 'x')).json.error_code));
      clock.now += 100;
    }
    expect(codes).toEqual([68300004, 68300004, 68300004, 68300004, 67200002, 67200002]);
    clock.now = Date.UTC(2025, 0, 15, 10, 0, 2, 0);
    expect((await exportStatus(b.base, 'x')).json.error_code).toBe(68300004);

    const cluster_ = await a.sandbox.readStats();
    expect(cluster_.rejectedForRate).toBe(2);
    expect(cluster_.maxCallsInOneSecond).toBe(6);
    expect(cluster_.callsPerSecond).toEqual({
      [Date.UTC(2025, 0, 15, 10, 0, 1) / 1000]: 6,
      [Date.UTC(2025, 0, 15, 10, 0, 2) / 1000]: 1,
    });
    // Each instance's own view still counts only what it received.
    expect(a.sandbox.stats.rejectedForRate).toBe(1);
    expect(a.sandbox.stats.maxCallsInOneSecond).toBe(3);
  });

  it('records the most status calls in flight for one task over the whole cluster', async () => {
    const [a, b] = await cluster();
    const taskId = await createExport(a.base);
    a.sandbox.faults.inject({ operation: 'export.status', kind: 'timeout', times: 1, delayMs: 400 });
    const held = exportStatus(a.base, taskId);
    await vi.waitFor(async () => expect((await b.sandbox.readStats()).statusCallsByTask[taskId]).toBe(1));
    const quick = await exportStatus(b.base, taskId);
    expect(quick.json.status).toBe(true);
    expect((await held).json.status).toBe(true);

    const cluster_ = await b.sandbox.readStats();
    expect(cluster_.maxInFlightStatusPerTask).toBe(2);
    expect(cluster_.maxInFlightStatusByTask).toEqual({ [taskId]: 2 });
    expect(cluster_.statusCallsByTask).toEqual({ [taskId]: 2 });
    expect(a.sandbox.stats.maxInFlightStatusPerTask).toBe(1);
    expect(b.sandbox.stats.maxInFlightStatusPerTask).toBe(1);

    // Both calls have ended: the next one is alone in flight again.
    await exportStatus(a.base, taskId);
    expect((await a.sandbox.readStats()).maxInFlightStatusByTask[taskId]).toBe(2);
    await a.sandbox.resetStats();
    await exportStatus(b.base, taskId);
    expect((await a.sandbox.readStats()).maxInFlightStatusPerTask).toBe(1);
  });

  it('shows the summed counts on either /_stats, and a reset through one clears them for both', async () => {
    const [a, b] = await cluster();
    const taskId = await createExport(a.base);
    await createExport(b.base);
    await exportStatus(a.base, taskId);
    await exportStatus(b.base, taskId);
    await exportStatus(b.base, taskId);

    const viaA = await stats(a.base);
    expect(viaA).toEqual(await stats(b.base));
    expect(Object.keys(viaA)).toEqual(Object.keys(JSON.parse(JSON.stringify(a.sandbox.stats))));
    expect(viaA.calls).toEqual({
      'oauth.token': 0,
      'export.create': 2,
      'export.status': 3,
      'search.nested': 0,
      'search.query': 0,
      'report.create': 0,
      'report.status': 0,
      'files.download': 0,
    });
    expect(viaA.statusCallsByTask).toEqual({ [taskId]: 3 });
    expect(a.sandbox.stats.calls['export.status']).toBe(1);
    expect(b.sandbox.stats.calls['export.status']).toBe(2);

    expect((await fetch(`${a.base}/_stats/reset`, { method: 'POST' })).status).toBe(200);
    for (const instance of [a, b]) {
      const after = await stats(instance.base);
      expect(Object.values(after.calls as Record<string, number>).every((n) => n === 0)).toBe(true);
      expect(after).toMatchObject({
        statusCallsByTask: {},
        rejectedForRate: 0,
        maxCallsInOneSecond: 0,
        callsPerSecond: {},
        maxInFlightStatusPerTask: 0,
        maxInFlightStatusByTask: {},
      });
    }
    expect(a.sandbox.stats.calls['export.create']).toBe(0);
  });
});
