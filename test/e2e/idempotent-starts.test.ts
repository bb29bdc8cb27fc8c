import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { errorCodes, execute, executeOk, subscribeWs } from '../support/clients.js';
import {
  RefreshTask,
  StartEnterpriseReport,
  StartPatentExport,
  StartQueryResultDownload,
  TaskUpdated,
  TrackTask,
} from '../support/documents.js';

const input = { queryText: 'lidar', fields: ['PN'], exportType: 'JSON' as const, rows: 5 };

let app: TestApp;
beforeAll(async () => {
  app = await startApp({ AUTH: 'none', SANDBOX_TASK_MS: '300', PATSNAP_TIMEOUT_MS: '400' });
});
afterAll(async () => {
  await app.close();
  removeTempDirs();
});

const creates = () => app.sandbox.patsnap?.stats.calls['export.create'] ?? Number.NaN;

describe('idempotencyKey', () => {
  it('the same key returns the same task and makes one vendor task, also when the calls race', async () => {
    const before = creates();
    const first = (
      await executeOk(app.url, StartPatentExport, { input: { ...input, idempotencyKey: 'k-1' } })
    ).startPatentExport.task;
    const again = (
      await executeOk(app.url, StartPatentExport, { input: { ...input, idempotencyKey: 'k-1' } })
    ).startPatentExport.task;
    expect(again.id).toBe(first.id);
    expect(again.vendorTaskId).toBe(first.vendorTaskId);

    const racing = await Promise.all(
      Array.from({ length: 6 }, () =>
        executeOk(app.url, StartPatentExport, { input: { ...input, idempotencyKey: 'k-race' } }),
      ),
    );
    expect(new Set(racing.map((r) => r.startPatentExport.task.id)).size).toBe(1);
    expect(creates() - before).toBe(2);
  });

  it('the same key with another input is BAD_USER_INPUT naming the field; a key over 128 characters too', async () => {
    await executeOk(app.url, StartEnterpriseReport, {
      input: { companyName: 'Acme', reportType: 'PDF', withLogo: false, idempotencyKey: 'k-2' },
    });
    const reused = await execute(app.url, StartEnterpriseReport, {
      input: { companyName: 'Globex', reportType: 'PDF', withLogo: false, idempotencyKey: 'k-2' },
    });
    expect(errorCodes(reused)).toEqual(['BAD_USER_INPUT']);
    expect(reused.errors?.[0]?.extensions?.field).toBe('input.idempotencyKey');
    // Field order does not make an input different.
    const same = await execute(app.url, StartEnterpriseReport, {
      input: { withLogo: false, reportType: 'PDF', companyName: 'Acme', idempotencyKey: 'k-2' },
    });
    expect(same.errors).toBeUndefined();

    const long = await execute(app.url, StartPatentExport, {
      input: { ...input, idempotencyKey: 'x'.repeat(129) },
    });
    expect(errorCodes(long)).toEqual(['BAD_USER_INPUT']);
    expect(long.errors?.[0]?.extensions?.limit).toBe(128);
  });

  it('trackTask with a key answers the same task, and the key cannot name another vendor task', async () => {
    const started = (await executeOk(app.url, StartPatentExport, { input })).startPatentExport.task;
    const tracked = (
      await executeOk(app.url, TrackTask, {
        input: { kind: 'PATENT_EXPORT', vendorTaskId: started.vendorTaskId, idempotencyKey: 't-1' },
      })
    ).trackTask.task;
    const again = await executeOk(app.url, TrackTask, {
      input: { kind: 'PATENT_EXPORT', vendorTaskId: started.vendorTaskId, idempotencyKey: 't-1' },
    });
    expect(again.trackTask.task.id).toBe(tracked.id);
    const other = await execute(app.url, TrackTask, {
      input: { kind: 'PATENT_EXPORT', vendorTaskId: 'another-id', idempotencyKey: 't-1' },
    });
    expect(errorCodes(other)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('crash-safe starts', () => {
  it('a create the vendor never answered is a FAILED task saying the vendor may hold an orphan; its key answers it again', async () => {
    app.sandbox.patsnap?.faults.inject({ operation: 'export.create', kind: 'timeout', delayMs: 2_000 });
    const result = await executeOk(app.url, StartPatentExport, {
      input: { ...input, idempotencyKey: 'lost-1' },
    });
    const task = result.startPatentExport.task;
    expect(task.status).toBe('FAILED');
    expect(task.error).toMatchObject({ code: 'START_OUTCOME_UNKNOWN', retryable: true });
    expect(task.error?.message).toContain('vendor may hold a task');
    const again = await executeOk(app.url, StartPatentExport, {
      input: { ...input, idempotencyKey: 'lost-1' },
    });
    expect(again.startPatentExport.task.id).toBe(task.id);
  });

  it('concurrent refreshTask calls on a failed DLC download renew it once at the vendor', async () => {
    const failing = { taskId: 'query-SANDBOX_ERROR-1', format: 'CSV' };
    const task = (await executeOk(app.url, StartQueryResultDownload, { input: failing }))
      .startQueryResultDownload.task;
    const watch = subscribeWs(app.url, TaskUpdated, { id: task.id });
    await watch.done;
    expect(watch.events.at(-1)?.taskUpdated.status).toBe('FAILED');
    const calls = () => app.sandbox.tencentDlc?.stats.calls.CreateResultDownload ?? Number.NaN;
    const before = calls();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => execute(app.url, RefreshTask, { id: task.id })),
    );
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(calls() - before).toBe(1);
    // The renewed download runs to the end.
    const after = subscribeWs(app.url, TaskUpdated, { id: task.id });
    await after.done;
    expect(after.events.at(-1)?.taskUpdated.status).toBe('SUCCEEDED');
  });
});
