import { afterEach, describe, expect, it } from 'vitest';
import { createPatSnapClient, type PatSnapClientOptions } from '../../src/vendors/patsnap/client.js';
import { VendorError } from '../../src/vendors/shared/vendor-error.js';
import { fail, ok, type Stub, type StubReply, type StubRequest, startStub } from './stub-server.js';

const CLIENT_ID = 'b4562e4188asd4cb486a19c6971515c66';
const CLIENT_SECRET = 'N1eOgd8sOk4z1vaWQfB18P4AbSk70lGs';
const API_KEY = `sk-${'k'.repeat(48)}`;
const PREFIX = '/sandbox/patsnap';
const T0 = 1_692_347_672_874;

let stub: Stub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

interface Harness {
  stub: Stub;
  records: [string, string][];
  client: ReturnType<typeof createPatSnapClient>;
  tokenRequests: () => StubRequest[];
  businessRequests: () => StubRequest[];
}

/** A stub PatSnap: /oauth/token issues t1, t2, … ; `business` answers everything else. */
async function harness(
  business: (req: StubRequest, token: string | null) => StubReply | Promise<StubReply>,
  opts: {
    token?: (n: number, req: StubRequest) => StubReply;
    client?: Partial<PatSnapClientOptions>;
  } = {},
): Promise<Harness> {
  let issued = 0;
  stub = await startStub((req) => {
    if (req.path === `${PREFIX}/oauth/token`) {
      issued += 1;
      return (
        opts.token?.(issued, req) ?? {
          json: {
            token: `t${issued}`,
            token_type: 'BearerToken',
            expires_in: 1799,
            status: 'approved',
            issued_at: String(T0),
          },
        }
      );
    }
    const auth = req.headers.authorization ?? null;
    return business(req, auth?.startsWith('Bearer ') ? auth.slice(7) : null);
  });
  const records: [string, string][] = [];
  const s = stub;
  const client = createPatSnapClient({
    baseUrl: `${s.url}${PREFIX}`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    record: (op, outcome) => records.push([op, outcome]),
    now: () => T0 + 1000,
    ...opts.client,
  });
  return {
    stub: s,
    records,
    client,
    tokenRequests: () => s.requests.filter((r) => r.path.endsWith('/oauth/token')),
    businessRequests: () => s.requests.filter((r) => !r.path.endsWith('/oauth/token')),
  };
}

const pending = ok({ export_status: 'PENDING', count: 24 });

async function rejectionOf(p: Promise<unknown>): Promise<VendorError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VendorError);
  return error as VendorError;
}

describe('PatSnap client: client-credentials mode', () => {
  it('fetches a token as documented and sends apikey + Bearer on business calls', async () => {
    const h = await harness(() => pending);
    await expect(h.client.getExportTask('task-1')).resolves.toEqual({
      exportStatus: 'PENDING',
      url: null,
      count: 24,
    });
    const [tokenReq] = h.tokenRequests();
    expect(tokenReq?.method).toBe('POST');
    expect(tokenReq?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenReq?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
    );
    expect(tokenReq?.body).toBe('grant_type=client_credentials');
    const [call] = h.businessRequests();
    expect(call?.method).toBe('GET');
    expect(call?.path).toBe(`${PREFIX}/patent-search/task`);
    expect(call?.query.get('task_id')).toBe('task-1');
    expect(call?.query.get('apikey')).toBe(CLIENT_ID);
    expect(call?.headers.authorization).toBe('Bearer t1');
  });

  it('caches the token: one /oauth/token for many calls', async () => {
    const h = await harness(() => pending);
    for (let i = 0; i < 5; i++) await h.client.getExportTask(`task-${i}`);
    expect(h.tokenRequests()).toHaveLength(1);
    expect(h.businessRequests().map((r) => r.headers.authorization)).toEqual(Array(5).fill('Bearer t1'));
  });

  it('refreshes the token once it is within the leeway of issued_at + expires_in', async () => {
    let clock = T0 + 1000;
    const h = await harness(() => pending, { client: { now: () => clock, tokenLeewayMs: 60_000 } });
    await h.client.getExportTask('a');
    clock = T0 + 1_799_000 - 60_001;
    await h.client.getExportTask('b');
    expect(h.tokenRequests()).toHaveLength(1);
    clock = T0 + 1_799_000 - 60_000;
    await h.client.getExportTask('c');
    expect(h.tokenRequests()).toHaveLength(2);
    expect(h.businessRequests().at(-1)?.headers.authorization).toBe('Bearer t2');
  });

  it('shares one in-flight token request between concurrent callers (single flight)', async () => {
    const h = await harness(() => pending, {
      token: (n) => ({ delayMs: 100, json: { token: `t${n}`, expires_in: 1799, issued_at: String(T0) } }),
    });
    await Promise.all(Array.from({ length: 20 }, (_, i) => h.client.getExportTask(`task-${i}`)));
    expect(h.tokenRequests()).toHaveLength(1);
    expect(h.businessRequests()).toHaveLength(20);
    expect(new Set(h.businessRequests().map((r) => r.headers.authorization))).toEqual(new Set(['Bearer t1']));
  });

  it('accepts access_token defensively', async () => {
    const h = await harness(() => pending, {
      token: () => ({ json: { access_token: 'at', expires_in: 1799 } }),
    });
    await h.client.getExportTask('x');
    expect(h.businessRequests()[0]?.headers.authorization).toBe('Bearer at');
  });

  it('on 67200009 drops the token, fetches a new one once and retries once', async () => {
    const h = await harness((_req, token) =>
      token === 't1' ? fail(67200009, 'The apikey does not match the passed bearerToken.') : pending,
    );
    await expect(h.client.getExportTask('task-1')).resolves.toMatchObject({ exportStatus: 'PENDING' });
    expect(h.tokenRequests()).toHaveLength(2);
    expect(h.businessRequests().map((r) => r.headers.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
    expect(h.records).toEqual([
      ['oauth_token', 'ok'],
      ['patent_export_task', 'vendor_error'],
      ['oauth_token', 'ok'],
      ['patent_export_task', 'ok'],
    ]);
    // The new token is cached for the next call.
    await h.client.getExportTask('task-2');
    expect(h.tokenRequests()).toHaveLength(2);
  });

  it('refreshes once on HTTP 401 as well', async () => {
    const h = await harness((_req, token) =>
      token === 't1' ? { status: 401, text: 'Unauthorized' } : pending,
    );
    await expect(h.client.getExportTask('task-1')).resolves.toMatchObject({ exportStatus: 'PENDING' });
    expect(h.tokenRequests()).toHaveLength(2);
    expect(h.records.map(([, o]) => o)).toEqual(['ok', 'http_error', 'ok', 'ok']);
  });

  it('a second 67200009 is a permanent UNAUTHENTICATED', async () => {
    const h = await harness(() => fail(67200009));
    const error = await rejectionOf(h.client.getExportTask('task-1'));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', transient: false, vendorCode: '67200009' });
    expect(error.message).toMatch(/^PatSnap: /);
    expect(h.tokenRequests()).toHaveLength(2);
    expect(h.businessRequests()).toHaveLength(2);
  });

  it('67200003 on the token request is a permanent UNAUTHENTICATED, with no business call', async () => {
    const h = await harness(() => pending, {
      token: () => fail(67200003, 'The key and secret parameters for applying for the token are incorrect'),
    });
    const error = await rejectionOf(h.client.getExportTask('task-1'));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', transient: false, vendorCode: '67200003' });
    expect(error.message).not.toContain(CLIENT_SECRET);
    expect(h.businessRequests()).toHaveLength(0);
    expect(h.records).toEqual([['oauth_token', 'vendor_error']]);
  });

  it('retries a token request that met a 503 (ky retry), recording it once', async () => {
    const h = await harness(() => pending, {
      token: (n) =>
        n === 1 ? { status: 503, text: '<html>busy</html>' } : { json: { token: 'tok', expires_in: 60 } },
    });
    await h.client.getExportTask('task-1');
    expect(h.tokenRequests()).toHaveLength(2);
    expect(h.records).toEqual([
      ['oauth_token', 'ok'],
      ['patent_export_task', 'ok'],
    ]);
  });

  it('never lets the vendor echo credentials into error messages', async () => {
    const h = await harness((_req, token) =>
      fail(68300004, `Invalid parameter! apikey ${CLIENT_ID} token ${token} secret ${CLIENT_SECRET}`),
    );
    const error = await rejectionOf(h.client.getExportTask('task-1'));
    expect(error.message).toMatch(/^PatSnap: Invalid parameter!/);
    for (const secret of [CLIENT_ID, CLIENT_SECRET, 't1']) expect(error.message).not.toContain(` ${secret}`);
  });
});

describe('PatSnap client: API-key mode', () => {
  it('sends Authorization: Bearer <key> only, no token request and no apikey query', async () => {
    const h = await harness(() => pending, {
      client: { clientId: undefined, clientSecret: undefined, apiKey: API_KEY },
    });
    await h.client.getExportTask('task-1');
    expect(h.tokenRequests()).toHaveLength(0);
    const [call] = h.businessRequests();
    expect(call?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(call?.query.has('apikey')).toBe(false);
    expect(h.records).toEqual([['patent_export_task', 'ok']]);
  });

  it('does not retry 67200009 (there is no token to refresh)', async () => {
    const h = await harness(() => fail(67200009), { client: { clientId: undefined, apiKey: API_KEY } });
    const error = await rejectionOf(h.client.getExportTask('task-1'));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(h.businessRequests()).toHaveLength(1);
  });
});

describe('PatSnap client: not configured', () => {
  it('throws NOT_CONFIGURED without calling anyone', async () => {
    const records: string[] = [];
    const client = createPatSnapClient({ baseUrl: 'http://127.0.0.1:9', record: (_o, r) => records.push(r) });
    const error = await rejectionOf(client.getExportTask('x'));
    expect(error).toMatchObject({ code: 'NOT_CONFIGURED', transient: false });
    expect(records).toEqual([]);
  });

  it('a client id without its secret is not enough', async () => {
    const client = createPatSnapClient({ baseUrl: 'http://127.0.0.1:9', clientId: CLIENT_ID });
    await expect(client.call('x', 'GET', 'x')).rejects.toMatchObject({ code: 'NOT_CONFIGURED' });
  });
});

describe('PatSnap client: envelope and transport errors', () => {
  const keyMode = { client: { clientId: undefined, apiKey: API_KEY } };

  it('an error envelope with HTTP 200 is a VendorError carrying the vendor code', async () => {
    const h = await harness(() => fail(68300004, 'Invalid parameter!'), keyMode);
    const error = await rejectionOf(h.client.getExportTask('task-1'));
    expect(error).toMatchObject({
      code: 'VENDOR_ERROR',
      vendorCode: '68300004',
      transient: false,
      message: 'PatSnap: Invalid parameter!',
    });
    expect(h.records).toEqual([['patent_export_task', 'vendor_error']]);
  });

  it('67200002 is a transient RATE_LIMITED', async () => {
    const h = await harness(() => fail(67200002), keyMode);
    const error = await rejectionOf(h.client.getExportTask('task-1'));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', vendorCode: '67200002', transient: true });
  });

  it('HTTP 429 without an envelope is a transient RATE_LIMITED', async () => {
    const h = await harness(() => ({ status: 429, text: 'slow down' }), keyMode);
    const error = await rejectionOf(h.client.getExportTask('task-1'));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', transient: true, vendorCode: null });
    expect(h.records).toEqual([['patent_export_task', 'http_error']]);
  });

  it('a 503 HTML page is a transient VENDOR_UNAVAILABLE, not a crash', async () => {
    const h = await harness(
      () => ({ status: 503, text: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>' }),
      keyMode,
    );
    const error = await rejectionOf(h.client.getExportTask('task-1'));
    expect(error).toMatchObject({ code: 'VENDOR_UNAVAILABLE', transient: true });
    expect(h.records).toEqual([['patent_export_task', 'http_error']]);
  });

  it('HTML with HTTP 200 is a transient VENDOR_UNAVAILABLE too', async () => {
    const h = await harness(() => ({ status: 200, text: '<html>maintenance</html>' }), keyMode);
    const error = await rejectionOf(h.client.getExportTask('task-1'));
    expect(error).toMatchObject({ code: 'VENDOR_UNAVAILABLE', transient: true });
    expect(h.records).toEqual([['patent_export_task', 'vendor_error']]);
  });

  it('a vendor that never answers times out: transient VENDOR_UNAVAILABLE, recorded as timeout', async () => {
    const h = await harness(() => 'hang', {
      client: { clientId: undefined, apiKey: API_KEY, timeoutMs: 150 },
    });
    const started = Date.now();
    const error = await rejectionOf(h.client.getExportTask('task-1'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toMatchObject({ code: 'VENDOR_UNAVAILABLE', transient: true });
    expect(error.message).not.toContain(API_KEY);
    expect(h.records).toEqual([['patent_export_task', 'timeout']]);
  });

  it('a body that stalls after the headers times out too', async () => {
    const h = await harness(() => 'stall-body', {
      client: { clientId: undefined, apiKey: API_KEY, timeoutMs: 150 },
    });
    const error = await rejectionOf(h.client.getExportTask('task-1'));
    expect(error).toMatchObject({ code: 'VENDOR_UNAVAILABLE', transient: true });
    expect(h.records).toEqual([['patent_export_task', 'timeout']]);
  });

  it('a token request that never answers times out as well', async () => {
    const h = await harness(() => pending, { token: () => 'hang', client: { timeoutMs: 150 } });
    const error = await rejectionOf(h.client.getExportTask('task-1'));
    expect(error).toMatchObject({ code: 'VENDOR_UNAVAILABLE', transient: true });
    expect(h.records).toEqual([['oauth_token', 'timeout']]);
  });
});

describe('PatSnap client: P055 calls', () => {
  it('createExport posts the body as JSON and returns task_id and count', async () => {
    const h = await harness(() => ok({ task_id: 'b4bdae6b4a65432d91f25b5c52bdfd80', count: 24 }));
    const body = { query_text: 'TTL:car', fields: 'PN,APNO', export_type: 'json' as const, rows: 24 };
    await expect(h.client.createExport(body)).resolves.toEqual({
      taskId: 'b4bdae6b4a65432d91f25b5c52bdfd80',
      count: 24,
    });
    const [call] = h.businessRequests();
    expect(call?.method).toBe('POST');
    expect(call?.path).toBe(`${PREFIX}/patent-search/export`);
    expect(call?.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(call?.body ?? '')).toEqual(body);
    expect(h.records).toEqual([
      ['oauth_token', 'ok'],
      ['patent_export_create', 'ok'],
    ]);
  });

  it('getExportTask returns the url on SUCCESS', async () => {
    const h = await harness(() => ok({ export_status: 'SUCCESS', url: 'http://cdn/x.JSON?a=1', count: 24 }));
    await expect(h.client.getExportTask('t')).resolves.toEqual({
      exportStatus: 'SUCCESS',
      url: 'http://cdn/x.JSON?a=1',
      count: 24,
    });
  });

  it('call returns data with int64 values kept exact', async () => {
    const h = await harness(() => ({
      text: '{"data":{"job_id":1579434053399035904},"status":true,"error_code":0}',
    }));
    await expect(
      h.client.call('report_create', 'POST', '/innovation/company-report/task/create', {
        json: { report_type: 'pdf' },
      }),
    ).resolves.toEqual({ job_id: '1579434053399035904' });
  });
});
