import { print } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { errorCodes, execute, metricValue } from '../support/clients.js';
import { PatentSearch } from '../support/documents.js';

const ACME = 'key-acme-0123456789';
const GLOBEX = 'key-globex-0123456789';
const search = { input: { queryText: 'TTL:(lidar)' } };

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  removeTempDirs();
});

const p075Calls = (a: TestApp) => a.sandbox.patsnap?.stats.calls['search.nested'] ?? Number.NaN;

/** Waits until the queued-vendor-calls gauge reads `value` (the gauge is the event). */
async function queuedReaches(a: TestApp, value: number): Promise<void> {
  const started = Date.now();
  while ((await metricValue(a.origin, 'gateway_vendor_calls_queued', { vendor: 'PATSNAP' })) !== value) {
    if (Date.now() - started > 30_000) throw new Error(`the queue never held ${value} calls`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("each credential's budget is shared fairly, and a wait past the deadline is refused", () => {
  it('a call that would wait longer than VENDOR_WAIT_MS answers RATE_LIMITED with retryAfterMs, and never reaches the vendor', async () => {
    app = await startApp({ API_KEYS: `acme:${ACME}`, PATSNAP_QPS: '1', VENDOR_WAIT_MS: '1500' });
    const a = app;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => execute(a.url, PatentSearch, search, { token: ACME })),
    );
    const refused = results.filter((r) => errorCodes(r).includes('RATE_LIMITED'));
    const answered = results.filter((r) => r.data?.patentSearch);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(answered.length).toBeGreaterThanOrEqual(1);
    for (const r of refused) {
      expect(Number(r.errors?.[0]?.extensions?.retryAfterMs)).toBeGreaterThan(0);
      expect(r.errors?.[0]?.extensions?.limit).toBe('vendorRate');
    }
    expect(p075Calls(a)).toBe(answered.length);
  });

  it("one tenant's queue does not hold back another tenant's call", async () => {
    app = await startApp({
      API_KEYS: `acme:${ACME},globex:${GLOBEX}`,
      PATSNAP_QPS: '4',
      VENDOR_WAIT_MS: '60000',
    });
    const a = app;
    const finished: string[] = [];
    const acme = Array.from({ length: 8 }, (_, i) =>
      execute(a.url, PatentSearch, search, { token: ACME }).then(() => void finished.push(`acme${i}`)),
    );
    await queuedReaches(a, 7);
    const globex = execute(a.url, PatentSearch, search, { token: GLOBEX }).then(
      () => void finished.push('globex'),
    );
    await Promise.all([...acme, globex]);
    // Acme had seven calls waiting; globex's one took the next turn instead of the eighth.
    expect(finished.indexOf('globex')).toBeLessThanOrEqual(2);
  });

  it('a client that disconnects releases its queued vendor calls', async () => {
    app = await startApp({
      API_KEYS: `acme:${ACME},globex:${GLOBEX}`,
      PATSNAP_QPS: '1',
      VENDOR_WAIT_MS: '60000',
    });
    const a = app;
    const first = execute(a.url, PatentSearch, search, { token: ACME });
    await queuedReaches(a, 0);
    const controller = new AbortController();
    const abandoned = fetch(a.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ACME}` },
      body: JSON.stringify({ query: print(PatentSearch), variables: search }),
      signal: controller.signal,
    }).catch(() => null);
    await queuedReaches(a, 1);
    controller.abort();
    await abandoned;
    await queuedReaches(a, 0);
    await first;
    await execute(a.url, PatentSearch, search, { token: GLOBEX });
    // The first and the last: the abandoned search never reached the vendor.
    expect(p075Calls(a)).toBe(2);
  });
});
