import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { removeTempDirs, startApp, TEST_ENV, type TestApp, tempDatabasePath } from '../support/app.js';
import {
  documentIdOf,
  errorCodes,
  execute,
  executeOk,
  subscribeSse,
  subscribeWs,
} from '../support/clients.js';
import { ListTasks, StartPatentExport, TaskUpdated } from '../support/documents.js';

/**
 * Trusted documents with PERSISTED_ONLY=true: a known id runs on HTTP, SSE and graphql-ws; an unknown
 * id and any document text are refused with a clear code on all three; GraphiQL is off.
 */

const MANIFEST = join(import.meta.dirname, '../generated/persisted-documents.json');
const KEY = 'key-persisted-0123456789';
const auth = { token: KEY };
const byId = { token: KEY, persisted: true };
const UNKNOWN_ID = 'f'.repeat(64);

let app: TestApp;

beforeAll(async () => {
  app = await startApp({
    API_KEYS: `acme:${KEY}`,
    PERSISTED_DOCUMENTS: MANIFEST,
    PERSISTED_ONLY: 'true',
    SANDBOX_TASK_MS: '300',
  });
});
afterAll(async () => {
  await app?.close();
  removeTempDirs();
});

async function post(body: unknown): Promise<{ status: number; codes: unknown[] }> {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify(body),
  });
  const result = (await response.json()) as { errors?: { extensions?: { code?: unknown } }[] };
  return { status: response.status, codes: (result.errors ?? []).map((e) => e.extensions?.code) };
}

describe('PERSISTED_ONLY=true', () => {
  it('HTTP: runs known ids (documentId, persistedQuery, GET); refuses text and unknown ids', async () => {
    const started = await executeOk(
      app.url,
      StartPatentExport,
      { input: { queryText: 'lidar', fields: ['PN'], exportType: 'CSV', rows: 3 } },
      byId,
    );
    expect(started.startPatentExport.task.status).toMatch(/QUEUED|RUNNING/);

    const hash = documentIdOf(ListTasks);
    const viaExtension = await post({
      variables: { first: 5 },
      extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
    });
    expect(viaExtension).toEqual({ status: 200, codes: [] });
    const viaGet = await fetch(
      `${app.url}?documentId=${hash}&variables=${encodeURIComponent('{"first":5}')}`,
      {
        headers: { authorization: `Bearer ${KEY}`, accept: 'application/json' },
      },
    );
    expect(viaGet.status).toBe(200);
    const listed = (await viaGet.json()) as { data?: { tasks: { edges: unknown[] } } };
    expect(listed.data?.tasks.edges).toHaveLength(1);

    const text = await execute(app.url, ListTasks, { first: 5 }, auth);
    expect(errorCodes(text)).toEqual(['PERSISTED_QUERY_ONLY']);
    expect(text.httpStatus).toBe(400);
    // Text and id together is still text.
    expect((await post({ query: '{ __typename }', documentId: hash })).codes).toEqual([
      'PERSISTED_QUERY_ONLY',
    ]);
    expect(await post({ documentId: UNKNOWN_ID })).toEqual({
      status: 400,
      codes: ['PERSISTED_QUERY_NOT_FOUND'],
    });
    expect((await post({ variables: {} })).codes).toEqual(['PERSISTED_QUERY_ONLY']);
  });

  it('SSE and graphql-ws: a known id streams to SUCCEEDED; text and unknown ids are refused', async () => {
    const { startPatentExport } = await executeOk(
      app.url,
      StartPatentExport,
      { input: { queryText: 'radar', fields: ['PN'], exportType: 'CSV', rows: 3 } },
      byId,
    );
    const id = startPatentExport.task.id;
    const sse = subscribeSse(app.url, TaskUpdated, { id }, byId);
    const ws = subscribeWs(app.url, TaskUpdated, { id }, byId);
    await Promise.all([sse.done, ws.done]);
    for (const recorded of [sse, ws]) {
      expect(recorded.errors).toEqual([]);
      expect(recorded.events.at(-1)?.taskUpdated.status).toBe('SUCCEEDED');
    }

    const sseText = subscribeSse(app.url, TaskUpdated, { id }, auth);
    await sseText.done;
    expect(sseText.errors.flat()).toMatchObject([{ extensions: { code: 'PERSISTED_QUERY_ONLY' } }]);

    // Refusals on one socket answer that operation only; the socket then runs a known id.
    const client = ws.client;
    const wsText = subscribeWs(app.url, TaskUpdated, { id }, { ...auth, client });
    await expect(wsText.done).rejects.toMatchObject([{ extensions: { code: 'PERSISTED_QUERY_ONLY' } }]);
    // graphql-ws requires a string `query`; the id may also travel as a top-level `documentId`.
    const unknownPayload = { query: '', documentId: UNKNOWN_ID };
    const unknown = await new Promise<unknown>((resolve) => {
      client.subscribe(unknownPayload, { next: () => {}, error: resolve, complete: () => resolve(null) });
    });
    expect(unknown).toMatchObject([{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }]);
    const again = subscribeWs(app.url, TaskUpdated, { id }, { ...byId, client });
    await again.done;
    expect(again.events.at(-1)?.taskUpdated.status).toBe('SUCCEEDED');
    await client.dispose();
  });

  it('serves no GraphiQL', async () => {
    const response = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(await response.text()).not.toMatch(/graphiql/i);
  });

  it('without PERSISTED_ONLY, ids and text both run, and the console is told to send ids', async () => {
    const mixed = await startApp({ PERSISTED_DOCUMENTS: MANIFEST });
    try {
      const byText = await executeOk(mixed.url, ListTasks, { first: 1 });
      const byHash = await executeOk(mixed.url, ListTasks, { first: 1 }, { persisted: true });
      expect(byHash).toEqual(byText);
      const page = await (await fetch(`${mixed.origin}/console`)).text();
      expect(page).toContain('<meta name="gateway-persisted-documents" content="on" />');
      expect(page).toContain('<meta name="gateway-auth" content="none" />');
    } finally {
      await mixed.close();
    }
  });

  it('start-up refuses a manifest whose key is not its hash, and PERSISTED_ONLY without a manifest', () => {
    const dir = join(tempDatabasePath(), '..');
    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify({ [UNKNOWN_ID]: '{ __typename }' }));
    const env = { ...TEST_ENV, DATABASE_PATH: ':memory:' };
    expect(() => loadConfig({ ...env, PERSISTED_DOCUMENTS: tampered })).toThrow(
      new ConfigError(`PERSISTED_DOCUMENTS: ${tampered} document ${UNKNOWN_ID} does not hash to its key`),
    );
    expect(() => loadConfig({ ...env, PERSISTED_ONLY: 'true' })).toThrow(/^PERSISTED_ONLY: true needs/);
    expect(() =>
      loadConfig({ ...env, PERSISTED_DOCUMENTS: MANIFEST, PERSISTED_ONLY: 'true', GRAPHIQL: 'on' }),
    ).toThrow(/^GRAPHIQL: on contradicts PERSISTED_ONLY=true/);
  });
});
