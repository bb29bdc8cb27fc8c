import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FormattedExecutionResult, print } from 'graphql';
import { createClient } from 'graphql-ws';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { metricValue, wsUrl } from '../support/clients.js';
import { GetTask, StartPatentExport } from '../support/documents.js';

/**
 * Request ids, log lines and per-operation metrics, through the real surface: a request's id is kept
 * (or made), returned, on every log line of the request and on the vendor call it causes; client
 * mistakes are not logged as errors; `/metrics` has yoga's per-operation histograms beside ours.
 *
 * PatSnap is "live" here, against a stand-in on 127.0.0.1 that records what it receives and refuses
 * every export (so no task, and no poller, outlives the test).
 */

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  [key: string]: unknown;
}

const DEBUG = 20;
const ERROR = 50;
const VENDOR_KEY = 'patsnap-static-key-for-the-log-test';

const lines: LogLine[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
const vendorHeaders: IncomingHttpHeaders[] = [];
let vendor: Server;
let app: TestApp;

const exportInput = {
  queryText: 'TTL:(lidar)',
  fields: ['PN', 'TITLE'],
  exportType: 'CSV' as const,
  rows: 10,
};

beforeAll(async () => {
  vendor = createServer((req, res) => {
    vendorHeaders.push(req.headers);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ status: false, error_code: 67200005, error_msg: 'export refused by the stand-in' }),
    );
  });
  await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
  const { port } = vendor.address() as AddressInfo;
  app = await startApp(
    { SANDBOX: 'auto', PATSNAP_API_KEY: VENDOR_KEY, PATSNAP_BASE_URL: `http://127.0.0.1:${port}` },
    { logger },
  );
});

afterAll(async () => {
  await app.close();
  await new Promise<void>((resolve) => vendor.close(() => resolve()));
  removeTempDirs();
});

async function post(body: unknown, requestId?: string): Promise<Response> {
  return fetch(app.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(requestId === undefined ? {} : { 'x-request-id': requestId }),
    },
    body: JSON.stringify(body),
  });
}

describe('request ids', () => {
  it("keep the caller's id: returned, on every log line of the request and on its vendor call", async () => {
    const requestId = 'client-req-4f1c9';
    const response = await post(
      {
        query: print(StartPatentExport),
        variables: { input: exportInput },
        operationName: 'StartPatentExport',
      },
      requestId,
    );
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    // PatSnap 67200005: the credential's quota is used up (the gateway's problem, not the client's).
    expect(body.errors?.[0]?.extensions?.code).toBe('QUOTA_EXCEEDED');

    // The vendor got the id with the call.
    expect(vendorHeaders.map((headers) => headers['x-request-id'])).toContain(requestId);

    const ours = lines.filter((line) => line.requestId === requestId);
    // yoga's own lines, the vendor call, and the vendor's refusal (a warning, not an error).
    expect(ours.map((line) => line.msg)).toContain('Processing GraphQL Parameters');
    expect(ours).toContainEqual(
      expect.objectContaining({ msg: 'vendor call', vendor: 'PATSNAP', outcome: 'vendor_error' }),
    );
    const refusal = ours.find((line) => typeof line.err === 'object' && line.level > DEBUG);
    expect(refusal?.level).toBeLessThan(ERROR);
    // Every line logged while the request ran is this request's: nothing else was in flight.
    const first = lines.indexOf(ours[0] as LogLine);
    const last = lines.indexOf(ours.at(-1) as LogLine);
    expect(lines.slice(first, last + 1).every((line) => line.requestId === requestId)).toBe(true);
    // Objects, not flattened strings; and no credential anywhere in the log.
    expect(JSON.stringify(lines)).not.toContain(VENDOR_KEY);
  });

  it('make a new id when none (or an unsafe one) is sent', async () => {
    const query = { query: '{ vendors { vendor } }' };
    const none = (await post(query)).headers.get('x-request-id');
    const unsafe = (await post(query, `bad id ${'x'.repeat(200)}`)).headers.get('x-request-id');
    for (const id of [none, unsafe]) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(none).not.toBe(unsafe);
  });

  it("graphql-ws: the upgrade request's id is on the lines of every operation of the connection", async () => {
    const requestId = 'ws-connection-77';
    class WebSocketWithRequestId extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols, { headers: { 'x-request-id': requestId } });
      }
    }
    const client = createClient({
      url: wsUrl(app.url),
      webSocketImpl: WebSocketWithRequestId,
      retryAttempts: 0,
    });
    try {
      const result = await new Promise<FormattedExecutionResult>((resolve, reject) => {
        client.subscribe(
          { query: print(GetTask), variables: { id: 'VGFzazpub3QtYS10YXNr' } },
          { next: resolve, error: reject, complete: () => {} },
        );
      });
      expect(result.errors?.[0]?.extensions?.code).toMatch(/^(NOT_FOUND|BAD_USER_INPUT)$/);
    } finally {
      await client.dispose();
    }
    expect(lines).toContainEqual(
      expect.objectContaining({ requestId, level: DEBUG, err: expect.any(Object) }),
    );
  });

  it("log a client's mistake at debug, not as an error", async () => {
    const requestId = 'client-mistake-1';
    const response = await post(
      { query: print(GetTask), variables: { id: 'VGFzazpub3QtYS10YXNr' }, operationName: 'GetTask' },
      requestId,
    );
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toMatch(/^(NOT_FOUND|BAD_USER_INPUT)$/);
    const ours = lines.filter((line) => line.requestId === requestId);
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.some((line) => typeof line.err === 'object')).toBe(true);
    expect(Math.max(...ours.map((line) => line.level))).toBe(DEBUG);
  });
});

describe('/metrics', () => {
  it('has per-operation duration histograms and error counts, and the gateway_* metrics', async () => {
    const labels = { operationType: 'mutation', operationName: 'StartPatentExport' };
    expect(await metricValue(app.origin, 'graphql_envelop_request_duration_count', labels)).toBeGreaterThan(
      0,
    );
    expect(await metricValue(app.origin, 'graphql_envelop_request_duration_bucket', labels)).toBeGreaterThan(
      0,
    );
    expect(await metricValue(app.origin, 'graphql_envelop_error_result', labels)).toBeGreaterThan(0);
    expect(
      await metricValue(app.origin, 'gateway_vendor_requests_total', {
        vendor: 'PATSNAP',
        outcome: 'vendor_error',
      }),
    ).toBeGreaterThan(0);
    const text = await (await fetch(`${app.origin}/metrics`)).text();
    for (const name of ['gateway_task_polls_total', 'gateway_subscriptions_active', 'gateway_tasks']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });
});
