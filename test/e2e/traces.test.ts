import { randomBytes } from 'node:crypto';
import { print } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from '../../src/observability/tracing.js';
import { removeTempDirs, SANDBOX_CONTROL_TOKEN, startApp, type TestApp } from '../support/app.js';
import { subscribeWs } from '../support/clients.js';
import { StartPatentExport, TaskUpdated } from '../support/documents.js';
import { startTraceReceiver } from '../support/trace-receiver.js';

/**
 * Traces through the real surface: a local OTLP/HTTP receiver, the SDK registered from the standard
 * OTEL_* variables (as main.ts does), one patent export to SUCCEEDED, then what the receiver got.
 * The SDK is process-wide; vitest runs each test file in its own process.
 */

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: OtlpAttribute[];
  links?: { traceId: string; spanId: string }[];
}
interface OtlpBody {
  resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
}

const API_KEY = `trace-test-key-${randomBytes(8).toString('hex')}`;
const SANDBOX_SECRET = `trace-test-sandbox-secret-${randomBytes(8).toString('hex')}`;

const logLines: { msg: string; traceId?: string; operation?: string }[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
let receiver: Awaited<ReturnType<typeof startTraceReceiver>>;
let bodies: readonly string[] = [];
let tracing: Tracing | null;
let app: TestApp;

beforeAll(async () => {
  receiver = await startTraceReceiver();
  bodies = receiver.bodies;
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
  tracing = await startTracing(process.env);
  app = await startApp({ API_KEYS: `acme:${API_KEY}`, SANDBOX_SECRET }, { traces: true, logger });
});

afterAll(async () => {
  await app?.close();
  await tracing?.shutdown();
  await receiver?.close();
  removeTempDirs();
});

function attributes(span: OtlpSpan): Record<string, unknown> {
  return Object.fromEntries(span.attributes.map(({ key, value }) => [key, Object.values(value)[0]]));
}

describe('traces over OTLP/HTTP', () => {
  it('an export yields an operation span, poll spans linked to it and vendor-call spans, and no secret', async () => {
    expect(tracing).not.toBeNull();
    // The caller's own trace context (a frontend's, say): the operation joins that trace.
    const callerTraceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const response = await fetch(app.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${API_KEY}`,
        traceparent: `00-${callerTraceId}-${callerSpanId}-01`,
      },
      body: JSON.stringify({
        query: print(StartPatentExport),
        variables: {
          input: { queryText: 'TTL:(lidar)', fields: ['PN', 'TITLE'], exportType: 'CSV', rows: 10 },
        },
      }),
    });
    const started = (await response.json()) as { data?: { startPatentExport: { task: { id: string } } } };
    const task = started.data?.startPatentExport.task;
    if (!task) throw new Error(`the start failed: ${JSON.stringify(started)}`);
    const sub = subscribeWs(app.url, TaskUpdated, { id: task.id }, { token: API_KEY });
    await sub.done;
    const final = sub.events.at(-1)?.taskUpdated;
    expect(final?.status).toBe('SUCCEEDED');
    await tracing?.forceFlush();

    const spans = bodies.flatMap((body) =>
      (JSON.parse(body) as OtlpBody).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
    );
    const operation = spans.find((span) => span.name === 'mutation.StartPatentExport');
    expect(operation, spans.map((span) => span.name).join(', ')).toBeDefined();
    if (!operation) return;
    expect(operation).toMatchObject({ traceId: callerTraceId, parentSpanId: callerSpanId });

    // The vendor call the mutation made is its child.
    const vendorCalls = spans.filter((span) => 'vendor.outcome' in attributes(span));
    expect(vendorCalls.length).toBeGreaterThanOrEqual(2);
    for (const call of vendorCalls) {
      expect(attributes(call)).toMatchObject({
        'vendor.name': 'PATSNAP',
        'vendor.operation': expect.any(String),
        'vendor.outcome': 'ok',
      });
    }
    const callsOfOperation = vendorCalls.filter((call) => call.parentSpanId === operation.spanId);
    expect(callsOfOperation.map((call) => attributes(call)['vendor.operation'])).toContain(
      'patent_export_create',
    );

    // Each poll is a span of its own trace, linked to the operation, with its vendor call as a child.
    const polls = spans.filter((span) => span.name === 'task.poll');
    expect(polls.length).toBeGreaterThanOrEqual(1);
    for (const poll of polls) {
      expect(poll.links).toContainEqual(
        expect.objectContaining({ traceId: operation.traceId, spanId: operation.spanId }),
      );
      expect(attributes(poll)).toMatchObject({ 'vendor.name': 'PATSNAP', 'task.kind': 'PATENT_EXPORT' });
      expect(vendorCalls.some((call) => call.parentSpanId === poll.spanId)).toBe(true);
    }

    // The log line of the mutation's vendor call leads to its trace.
    expect(logLines).toContainEqual(
      expect.objectContaining({
        msg: 'vendor call',
        operation: 'patent_export_create',
        traceId: operation.traceId,
      }),
    );

    // No credential, sandbox secret or URL signature anywhere in what was exported.
    const signature = [...new URL(final?.downloadUrl ?? 'http://x').searchParams.values()].filter(
      (value) => value.length >= 16,
    );
    expect(signature.length).toBeGreaterThan(0);
    const exported = bodies.join('\n');
    for (const secret of [API_KEY, SANDBOX_SECRET, SANDBOX_CONTROL_TOKEN, ...signature]) {
      expect(exported).not.toContain(secret);
    }
    // No URL at all: vendors' URLs carry keys and signatures.
    expect(exported).not.toMatch(/https?:\/\//);
  });
});
