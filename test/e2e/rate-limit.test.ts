import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { executeOk, subscribeWs } from '../support/clients.js';
import { StartPatentExport, TasksUpdated } from '../support/documents.js';

const QPS = 100;
let app: TestApp;
beforeAll(async () => {
  // The sandbox enforces the same budget as the gateway's PATSNAP_QPS and refuses anything above it.
  app = await startApp({
    PATSNAP_QPS: String(QPS),
    SANDBOX_TASK_MS: '1500',
    POLL_INITIAL_MS: '300',
    POLL_MAX_MS: '1000',
  });
});
afterAll(async () => {
  await app.close();
  removeTempDirs();
});

describe('vendor rate budget', () => {
  it(`a burst of 300 tasks never exceeds PATSNAP_QPS=${QPS} at the sandbox`, async () => {
    const feed = subscribeWs(app.url, TasksUpdated, { status: ['SUCCEEDED', 'FAILED'] });
    const started = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        executeOk(app.url, StartPatentExport, {
          input: { queryText: `burst ${i}`, fields: ['PN'], exportType: 'CSV', rows: 2 },
        }).then((d) => d.startPatentExport.task.id),
      ),
    );
    const finished = new Set<string>();
    await feed.waitFor((e) => {
      finished.add(e.tasksUpdated.id);
      return finished.size === 300;
    });
    feed.stop();
    expect(new Set(started).size).toBe(300);
    expect(feed.events.every((e) => e.tasksUpdated.status === 'SUCCEEDED')).toBe(true);

    const stats = app.sandbox.patsnap?.stats;
    expect(stats?.calls['export.create']).toBe(300);
    expect(stats?.rejectedForRate).toBe(0);
    expect(stats?.maxCallsInOneSecond).toBeLessThanOrEqual(QPS);
    // The budget was actually the constraint: some second ran close to it.
    expect(stats?.maxCallsInOneSecond).toBeGreaterThan(QPS * 0.8);
    expect(stats?.maxInFlightStatusPerTask).toBe(1);
  });
});
