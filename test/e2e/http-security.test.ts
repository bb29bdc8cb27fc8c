import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, SANDBOX_CONTROL_HEADERS, startApp, type TestApp } from '../support/app.js';
import { executeOk } from '../support/clients.js';
import { GetTask, StartPatentExport } from '../support/documents.js';

const ACME = 'key-acme-0123456789';
const GLOBEX = 'key-globex-0123456789';
const ALLOWED_ORIGIN = 'https://console.example.com';

afterAll(() => removeTempDirs());

const post = (url: string, body: string, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', headers, body });

describe('authentication before parsing (API_KEYS)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ API_KEYS: `acme:${ACME},globex:${GLOBEX}` });
  });
  afterAll(() => app.close());

  it.each([
    ['no Authorization', {}],
    ['an unknown key', { authorization: 'Bearer not-a-key-of-anyone' }],
    ['another scheme', { authorization: `Basic ${Buffer.from(`acme:${ACME}`).toString('base64')}` }],
  ])('%s: HTTP 401, a short JSON body, no schema detail (no suggestions for `{ tsk }`)', async (_, auth) => {
    for (const response of [
      await post(app.url, JSON.stringify({ query: '{ tsk }' }), {
        'content-type': 'application/json',
        ...auth,
      }),
      await fetch(`${app.url}?query=${encodeURIComponent('{ tsk }')}`, { headers: auth }),
      await post(app.url, JSON.stringify({ query: 'subscription { tasksUpdated { id } }' }), {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...auth,
      }),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const text = await response.text();
      expect(text.length).toBeLessThan(200);
      expect(JSON.parse(text).errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
      expect(text).not.toMatch(/Did you mean|tsk|task|tasksUpdated|Query|Cannot query/);
    }
  });

  it('with a valid key the same document is parsed and validated (suggestions are for callers only)', async () => {
    const response = await post(app.url, JSON.stringify({ query: '{ tsk }' }), {
      'content-type': 'application/json',
      authorization: `Bearer ${ACME}`,
    });
    expect(await response.text()).toContain('Did you mean');
  });
});

describe('browser safety (AUTH=none, CORS_ORIGINS)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ AUTH: 'none', CORS_ORIGINS: ALLOWED_ORIGIN });
  });
  afterAll(() => app.close());

  it('CORS: an unknown Origin gets no CORS headers, a listed one gets itself and no credentials', async () => {
    const query = JSON.stringify({ query: '{ vendors { vendor } }' });
    const foreign = await post(app.url, query, {
      'content-type': 'application/json',
      origin: 'https://evil.example',
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await fetch(app.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();

    const listed = await post(app.url, query, { 'content-type': 'application/json', origin: ALLOWED_ORIGIN });
    expect(listed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(listed.headers.get('access-control-allow-credentials')).toBeNull();
    const listedPreflight = await fetch(app.url, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(listedPreflight.status).toBe(204);
    expect(listedPreflight.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(listedPreflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('CSRF: a form-encoded, multipart or text/plain POST never executes a mutation', async () => {
    const input = { queryText: 'lidar', fields: ['PN'], exportType: 'JSON' as const, rows: 5 };
    const task = (await executeOk(app.url, StartPatentExport, { input })).startPatentExport.task;
    const mutation = `mutation { cancelTask(id: "${task.id}") { task { status } } }`;
    const form = new FormData();
    form.set('query', mutation);
    const attempts = [
      await post(app.url, new URLSearchParams({ query: mutation }).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
      }),
      await post(app.url, JSON.stringify({ query: mutation }), { 'content-type': 'text/plain' }),
      await fetch(app.url, { method: 'POST', body: form }),
      await post(app.url, JSON.stringify({ query: mutation }), {}),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(415);
      expect(await response.text()).not.toContain('CANCELLED');
    }
    expect((await executeOk(app.url, GetTask, { id: task.id })).task?.status).not.toBe('CANCELLED');
    // GET keeps working for queries, and never runs a mutation.
    const get = await fetch(`${app.url}?query=${encodeURIComponent('{ vendors { vendor } }')}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(get.status).toBe(200);
    const getMutation = await fetch(`${app.url}?query=${encodeURIComponent(mutation)}`);
    expect(getMutation.status).toBe(405);
  });

  it('passes the graphql-http audit (GraphQL over HTTP) with every MUST and SHOULD', async () => {
    const results = await auditServer({ url: app.url });
    const failed = results
      .filter((r) => r.status !== 'ok')
      .map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(failed).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
  });
});

describe('sandbox control routes', () => {
  it('answer 404 without the control token, 404 with a wrong one, and work with SANDBOX_CONTROL_TOKEN', async () => {
    const app = await startApp({ AUTH: 'none' });
    try {
      const stats = `${app.origin}/sandbox/patsnap/_stats`;
      const faults = `${app.origin}/sandbox/patsnap/_faults`;
      const fault = JSON.stringify({ operation: 'export.create', kind: 'http503' });
      expect((await fetch(stats)).status).toBe(404);
      expect((await fetch(stats, { headers: { 'x-sandbox-control': 'guess' } })).status).toBe(404);
      const injected = await post(faults, fault, { 'content-type': 'application/json' });
      expect(injected.status).toBe(404);
      expect(await injected.text()).not.toContain('ok');
      expect((await fetch(stats, { headers: SANDBOX_CONTROL_HEADERS })).status).toBe(200);
      // The fault was never queued: the next export starts normally.
      const input = { queryText: 'lidar', fields: ['PN'], exportType: 'JSON' as const, rows: 5 };
      expect((await executeOk(app.url, StartPatentExport, { input })).startPatentExport.task.status).toBe(
        'RUNNING',
      );
    } finally {
      await app.close();
    }
    const locked = await startApp({ AUTH: 'none', SANDBOX_CONTROL_TOKEN: '' });
    try {
      const response = await fetch(`${locked.origin}/sandbox/patsnap/_stats`, {
        headers: SANDBOX_CONTROL_HEADERS,
      });
      expect(response.status).toBe(404);
    } finally {
      await locked.close();
    }
  });
});
