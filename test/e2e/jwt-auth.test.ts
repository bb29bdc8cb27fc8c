import { createClient } from 'graphql-ws';
import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { errorCodes, execute, executeOk, subscribeSse, subscribeWs, wsUrl } from '../support/clients.js';
import { StartPatentExport, TaskUpdated, Vendors } from '../support/documents.js';
import { AUDIENCE, ISSUER, JwksServer, type KeyPair, nowSec, publicJwk, sign } from '../support/jwks.js';

const input = { queryText: 'lidar', fields: ['PN'], exportType: 'JSON' as const, rows: 5 };
const ALL = 'tasks:read tasks:write search';

/** Resolves with the close code graphql-ws sees when it connects with `authorization`. */
function wsCloseCode(url: string, authorization: string): Promise<number> {
  return new Promise((resolve) => {
    const client = createClient({
      url: wsUrl(url),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization },
      on: { closed: (event) => resolve((event as { code: number }).code) },
    });
    client.subscribe(
      { query: 'subscription { tasksUpdated { id } }' },
      { next() {}, error() {}, complete() {} },
    );
  });
}

describe('JWT from a JWKS (JWT_JWKS_URL, issuer, audience, tenant claim, scopes)', () => {
  const jwks = new JwksServer();
  let app: TestApp;
  let first: KeyPair;

  beforeAll(async () => {
    const jwksUrl = await jwks.start();
    first = await generateKeyPair('RS256');
    jwks.keys = [await publicJwk(first, 'k1', 'RS256')];
    app = await startApp({
      JWT_JWKS_URL: jwksUrl,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      // Rotation is picked up on the first unknown kid; production keeps jose's 30 s cooldown.
      JWT_JWKS_COOLDOWN_MS: '0',
      SANDBOX_TASK_MS: '300',
    });
  });
  afterAll(async () => {
    await app.close();
    await jwks.close();
    removeTempDirs();
  });

  it('a valid token works on HTTP, SSE and graphql-ws, and its tenant claim is the tenant', async () => {
    const token = await sign(first.privateKey, { tenant: 'acme', scope: ALL });
    const task = (await executeOk(app.url, StartPatentExport, { input }, { token })).startPatentExport.task;
    const sse = subscribeSse(app.url, TaskUpdated, { id: task.id }, { token });
    const ws = subscribeWs(app.url, TaskUpdated, { id: task.id }, { token });
    await Promise.all([sse.done, ws.done]);
    expect(sse.events.at(-1)?.taskUpdated.status).toBe('SUCCEEDED');
    expect(ws.events.at(-1)?.taskUpdated.status).toBe('SUCCEEDED');
    // Another tenant's token does not see it.
    const other = await sign(first.privateKey, { tenant: 'globex', scope: ALL });
    const foreign = subscribeWs(app.url, TaskUpdated, { id: task.id }, { token: other });
    await foreign.done;
    expect(JSON.stringify(foreign.errors)).toContain('NOT_FOUND');
  });

  it('expired, wrong-issuer, wrong-audience, unsigned and wrong-key tokens get 401 and close 4403', async () => {
    const stranger = await generateKeyPair('RS256');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
      JSON.stringify({ tenant: 'acme', scope: ALL, iss: ISSUER, aud: AUDIENCE, exp: nowSec() + 300 }),
    ).toString('base64url')}.`;
    const bad = {
      expired: await sign(first.privateKey, { scope: ALL, iat: nowSec() - 600, exp: nowSec() - 60 }),
      'wrong issuer': await sign(first.privateKey, { scope: ALL, iss: 'https://evil.example/' }),
      'wrong audience': await sign(first.privateKey, { scope: ALL, aud: 'another-api' }),
      'alg none': unsigned,
      'wrong key': await sign(stranger.privateKey, { scope: ALL }),
    };
    for (const [name, token] of Object.entries(bad)) {
      const http = await execute(app.url, Vendors, {}, { token });
      expect(http.httpStatus, name).toBe(401);
      expect(errorCodes(http), name).toEqual(['UNAUTHENTICATED']);
      expect(JSON.stringify(http), name).not.toContain(token.split('.')[1]);
      const sse = subscribeSse(app.url, TaskUpdated, { id: 'x' }, { token });
      expect(await sse.status, name).toBe(401);
      expect(await wsCloseCode(app.url, `Bearer ${token}`), name).toBe(4403);
    }
  });

  it('scopes come from the token: a read-only token cannot start a task (FORBIDDEN naming the scope)', async () => {
    const token = await sign(first.privateKey, { tenant: 'acme', scp: ['tasks:read'] });
    const result = await execute(app.url, StartPatentExport, { input }, { token });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.errors?.[0]?.extensions?.scope).toBe('tasks:write');
    expect(result.errors?.[0]?.message).toContain('tasks:write');
  });

  it('a JWKS that rotates its key is honoured without a restart', async () => {
    const next = await generateKeyPair('ES256');
    const token = await sign(next.privateKey, { tenant: 'acme', scope: ALL }, { alg: 'ES256', kid: 'k2' });
    expect((await execute(app.url, Vendors, {}, { token })).httpStatus).toBe(401);
    const fetchesBefore = jwks.fetches;
    jwks.keys = [await publicJwk(next, 'k2', 'ES256')];
    const vendors = await executeOk(app.url, Vendors, {}, { token });
    expect(vendors.vendors).toHaveLength(3);
    expect(jwks.fetches).toBeGreaterThan(fetchesBefore);
    // The retired key is gone with it.
    const old = await sign(first.privateKey, { tenant: 'acme', scope: ALL });
    expect((await execute(app.url, Vendors, {}, { token: old })).httpStatus).toBe(401);
  });
});
