import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PatSnapFaultKind, PatSnapFaultSpec } from '../../src/vendors/patsnap/sandbox/index.js';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { errorCodes, execute, executeOk, metricValue, subscribeWs } from '../support/clients.js';
import { ListTasks, StartPatentExport, TaskUpdated } from '../support/documents.js';

// A 300 ms vendor timeout keeps the timeout case short; four consecutive failures give up, so the
// transient cases below (two failures each) must recover and the give-up case (four) must not.
let app: TestApp;
beforeAll(async () => {
  app = await startApp({ PATSNAP_TIMEOUT_MS: '300', POLL_MAX_FAILURES: '4', SANDBOX_TASK_MS: '300' });
});
afterEach(() => sandbox().faults.clear());
afterAll(async () => {
  await app.close();
  removeTempDirs();
});

function sandbox() {
  const patsnap = app.sandbox.patsnap;
  if (!patsnap) throw new Error('the PatSnap sandbox is not running');
  return patsnap;
}

/** Starts an export and follows it over graphql-ws to its terminal state. */
async function runExport(queryText: string, beforeFirstPoll?: () => void) {
  const { task } = (
    await executeOk(app.url, StartPatentExport, {
      input: { queryText, fields: ['PN', 'TITLE'], exportType: 'CSV', rows: 5 },
    })
  ).startPatentExport;
  beforeFirstPoll?.();
  const sub = subscribeWs(app.url, TaskUpdated, { id: task.id });
  await sub.done;
  const final = sub.events.at(-1)?.taskUpdated;
  if (!final) throw new Error('no events');
  return final;
}

const statusFault = (kind: PatSnapFaultKind, times: number): PatSnapFaultSpec => ({
  operation: 'export.status',
  kind,
  times,
  ...(kind === 'timeout' ? { delayMs: 1_000 } : {}),
});

describe('transient vendor faults are retried and the task still succeeds', () => {
  it.each([
    ['67200002', 'vendor_error'],
    ['68300008', 'vendor_error'],
    ['http503', 'http_error'],
    ['timeout', 'timeout'],
  ] as const)('%s on two status calls in a row', async (kind, outcome) => {
    const failedBefore = await metricValue(app.origin, 'gateway_vendor_requests_total', {
      operation: 'patent_export_task',
      outcome,
    });
    const final = await runExport(`resilience ${kind}`, () => sandbox().faults.inject(statusFault(kind, 2)));

    expect(final.status).toBe('SUCCEEDED');
    expect(final.error).toBeNull();
    expect(final.downloadUrl).toBeTruthy();
    // Two failed polls, then at least one that saw the finished export.
    expect(final.pollCount).toBeGreaterThanOrEqual(3);
    const failedAfter = await metricValue(app.origin, 'gateway_vendor_requests_total', {
      operation: 'patent_export_task',
      outcome,
    });
    expect(failedAfter - failedBefore).toBe(2);
    expect((await fetch(final.downloadUrl ?? '')).status).toBe(200);
  });

  it('gives up after POLL_MAX_FAILURES consecutive failures with a retryable VENDOR_UNAVAILABLE', async () => {
    const final = await runExport('resilience give-up', () =>
      sandbox().faults.inject(statusFault('http503', 4)),
    );
    expect(final.status).toBe('FAILED');
    expect(final.pollCount).toBe(4);
    expect(final.error).toMatchObject({ code: 'VENDOR_UNAVAILABLE', retryable: true });
    expect(final.error?.message).toMatch(/after 4 attempts/);
  });

  it('a transient fault on create fails the mutation with a retryable code and stores nothing', async () => {
    const listed = async () => (await executeOk(app.url, ListTasks, { first: 100 })).tasks.edges.length;
    const before = await listed();
    sandbox().faults.inject({ operation: 'export.create', kind: '67200002' });
    const result = await execute(app.url, StartPatentExport, {
      input: { queryText: 'resilience create', fields: ['PN'], exportType: 'CSV', rows: 5 },
    });
    expect(errorCodes(result)).toEqual(['RATE_LIMITED']);
    expect(result.errors?.[0]?.extensions).toMatchObject({ retryable: true, vendorCode: '67200002' });
    expect(await listed()).toBe(before);
  });
});

describe('credentials', () => {
  it('an expired token is refreshed once, transparently', async () => {
    const tokensBefore = sandbox().stats.calls['oauth.token'];
    const final = await runExport('resilience token refresh', () => sandbox().faults.revokeTokens());
    expect(final.status).toBe('SUCCEEDED');
    expect(final.error).toBeNull();
    expect(sandbox().stats.calls['oauth.token'] - tokensBefore).toBe(1);
  });

  it('bad credentials fail the task with UNAUTHENTICATED and no secret in the message', async () => {
    const final = await runExport('resilience bad credentials', () => {
      sandbox().faults.revokeTokens();
      sandbox().faults.inject({ operation: 'oauth.token', kind: '67200003', times: 5 });
    });
    expect(final.status).toBe('FAILED');
    expect(final.error).toMatchObject({ code: 'UNAUTHENTICATED', retryable: false, vendorCode: '67200003' });
    expect(final.error?.message).not.toMatch(/sandbox-client-secret|Bearer\s+\w/);
  });
});
