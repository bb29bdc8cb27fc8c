/**
 * The PatSnap sandbox under test over real HTTP: one sandbox per server (port 0, closed after each
 * test), a fake clock, and the wire helpers the sandbox tests share (token requests, API calls,
 * envelope checks).
 */
import { expect } from 'vitest';
import {
  createPatSnapSandbox,
  type PatSnapSandbox,
  type PatSnapSandboxOptions,
} from '../../src/vendors/patsnap/sandbox/index.js';
import { sandboxServers } from './sandbox-server.js';

export const BASE_PATH = '/sandbox/patsnap';
export const CLIENT_ID = 'b4562e4188asd4cb486a19c6971515c66';
export const CLIENT_SECRET = 'N1eOgd8sOk4z1vaWQfB18P4AbSk70lGs';
export const SECRET = 'test-sandbox-secret';
export const TASK_MS = 6000;
export const START = Date.UTC(2025, 0, 15, 10, 0, 0, 250);

export interface Harness {
  sandbox: PatSnapSandbox;
  origin: string;
  /** origin + basePath: what the adapter would use as its base URL. */
  base: string;
  clock: { now: number };
  /** handle() calls that have not resolved yet. */
  pending: () => number;
  close: () => Promise<void>;
}

/**
 * Call at the top of a test file: `startSandbox` serves a PatSnap sandbox that accepts `apiKey`
 * (and CLIENT_ID / CLIENT_SECRET) on the clock `clock.now`.
 */
export function patsnapSandboxes(apiKey: string): {
  startSandbox(overrides?: Partial<PatSnapSandboxOptions>, clock?: { now: number }): Promise<Harness>;
} {
  const { serve } = sandboxServers();
  return {
    async startSandbox(overrides = {}, clock = { now: START }) {
      let origin = '';
      const sandbox = createPatSnapSandbox({
        basePath: BASE_PATH,
        publicOrigin: () => origin,
        taskMs: TASK_MS,
        qps: 1000,
        secret: SECRET,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        apiKeys: [apiKey],
        now: () => clock.now,
        ...overrides,
      });
      let pending = 0;
      const { host, server } = await serve((req, res) => {
        pending += 1;
        void sandbox.handle(req, res).finally(() => {
          pending -= 1;
        });
      });
      origin = `http://${host}`;
      return {
        sandbox,
        origin,
        base: `${origin}${BASE_PATH}`,
        clock,
        pending: () => pending,
        close: () => new Promise((resolve) => server.close(() => resolve())),
      };
    },
  };
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export async function requestToken(base: string, authorization = basic(CLIENT_ID, CLIENT_SECRET)) {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: authorization },
    body: 'grant_type=client_credentials',
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function tokenOf(base: string): Promise<string> {
  const { body } = await requestToken(base);
  return body.token as string;
}

export interface ApiCall {
  method?: 'GET' | 'POST';
  /** Sent as `?apikey=`; omitted when undefined. */
  apikey?: string;
  /** Sent as `Authorization: Bearer`; omitted when undefined. */
  bearer?: string;
  query?: Record<string, string>;
  json?: unknown;
  rawBody?: string;
  signal?: AbortSignal;
}

export async function api(base: string, path: string, call: ApiCall = {}) {
  const url = new URL(`${base}${path}`);
  if (call.apikey !== undefined) url.searchParams.set('apikey', call.apikey);
  for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (call.bearer !== undefined) headers.Authorization = `Bearer ${call.bearer}`;
  const body = call.rawBody ?? (call.json === undefined ? undefined : JSON.stringify(call.json));
  const res = await fetch(url, { method: call.method ?? 'GET', headers, body, signal: call.signal });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

/** The `data` of a successful envelope. */
export function dataOf<T>(res: { json?: Record<string, unknown> }): T {
  expect(res.json).toMatchObject({ status: true, error_code: 0 });
  return res.json?.data as T;
}

export function expectEnvelopeError(
  res: { status: number; json?: Record<string, unknown> },
  code: number,
  http: number,
) {
  expect(res.status).toBe(http);
  expect(res.json).toEqual({ status: false, error_code: code, error_msg: expect.any(String) });
}
