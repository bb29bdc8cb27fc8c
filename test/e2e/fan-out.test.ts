import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { executeOk, metricValue, subscribeWs, wsUrl } from '../support/clients.js';
import { StartPatentExport, TaskUpdated } from '../support/documents.js';

// Constant, jitter-free polling every second and a 2.4 s sandbox task: a run polls exactly three times
// (at 1, 2 and 3 s). Setting up 500 subscriptions stalls the event loop for a moment, which delays the
// polls but cannot change their number unless the stall exceeds the 400 ms of slack before the switch.
let app: TestApp;
beforeAll(async () => {
  app = await startApp({
    POLL_INITIAL_MS: '1000',
    POLL_MAX_MS: '1000',
    POLL_JITTER: '0',
    SANDBOX_TASK_MS: '2400',
  });
});
afterAll(async () => {
  await app.close();
  removeTempDirs();
});

async function connectedClients(n: number) {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ReturnType<typeof createClient>>((resolve, reject) => {
          const client = createClient({
            url: wsUrl(app.url),
            webSocketImpl: WebSocket,
            lazy: false,
            retryAttempts: 0,
            on: { connected: () => resolve(client), error: reject },
          });
        }),
    ),
  );
}

/** Starts one export watched by `subscribers` graphql-ws clients; returns the vendor status calls it cost. */
async function runWith(subscribers: number) {
  const clients = await connectedClients(subscribers);
  const callsBefore = await metricValue(app.origin, 'gateway_vendor_requests_total', {
    operation: 'patent_export_task',
  });
  const { task } = (
    await executeOk(app.url, StartPatentExport, {
      input: { queryText: 'fan-out', fields: ['PN'], exportType: 'JSON', rows: 3 },
    })
  ).startPatentExport;
  const subs = clients.map((client) => subscribeWs(app.url, TaskUpdated, { id: task.id }, { client }));
  await Promise.all(subs.map((s) => s.done));
  await Promise.all(clients.map((c) => c.dispose()));
  const finals = subs.map((s) => s.events.at(-1)?.taskUpdated);
  const callsAfter = await metricValue(app.origin, 'gateway_vendor_requests_total', {
    operation: 'patent_export_task',
  });
  return {
    metricCalls: callsAfter - callsBefore,
    sandboxCalls: app.sandbox.patsnap?.stats.statusCallsByTask[task.vendorTaskId] ?? -1,
    pollCount: finals[0]?.pollCount,
    finals,
  };
}

describe('fan-out: one poll per task whatever the number of watchers', () => {
  it('500 subscribers cost the same vendor status calls as 1', async () => {
    const one = await runWith(1);
    const many = await runWith(500);

    expect(one.finals[0]?.status).toBe('SUCCEEDED');
    expect(many.finals).toHaveLength(500);
    expect(many.finals.every((t) => t?.status === 'SUCCEEDED' && t.downloadUrl)).toBe(true);

    expect(one.metricCalls).toBe(3);
    expect(many.metricCalls).toBe(one.metricCalls);
    // The vendor saw exactly what the metric says, and every call was a poll of the task.
    expect(many.sandboxCalls).toBe(many.metricCalls);
    expect(many.pollCount).toBe(many.metricCalls);
    expect(app.sandbox.patsnap?.stats.maxInFlightStatusPerTask).toBe(1);
    expect(await metricValue(app.origin, 'gateway_subscriptions_active')).toBe(0);
  });
});
