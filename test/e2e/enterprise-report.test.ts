import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartEnterpriseReportInput } from '../generated/graphql.js';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { errorCodes, execute, executeOk, subscribeWs } from '../support/clients.js';
import { GetTask, StartEnterpriseReport, TaskUpdated, TrackTask } from '../support/documents.js';

// 2 s reports: the queue position falls 3 -> 0 over the first second, then the report runs for one.
let app: TestApp;
beforeAll(async () => {
  app = await startApp({ SANDBOX_TASK_MS: '2000', POLL_INITIAL_MS: '50', POLL_MAX_MS: '100' });
});
afterAll(async () => {
  await app.close();
  removeTempDirs();
});

async function startReport(input: Partial<StartEnterpriseReportInput> = {}) {
  const data = await executeOk(app.url, StartEnterpriseReport, {
    input: { companyName: '小米科技有限责任公司', reportType: 'PDF', ...input },
  });
  return data.startEnterpriseReport.task;
}

describe('enterprise reports', () => {
  it('QUEUED with a falling queuePosition pushed over graphql-ws, then RUNNING, then a PDF that downloads', async () => {
    const task = await startReport();
    expect(task).toMatchObject({
      __typename: 'EnterpriseReportTask',
      kind: 'ENTERPRISE_REPORT',
      status: 'QUEUED',
    });
    // A Snowflake-style int64 beyond 2^53: only an exact round trip lets the vendor find it again.
    expect(BigInt(task.vendorTaskId)).toBeGreaterThan(2n ** 53n);

    const sub = subscribeWs(app.url, TaskUpdated, { id: task.id });
    await sub.done;
    const events = sub.events.map((e) => e.taskUpdated);
    const queued = events.filter((e) => e.status === 'QUEUED' && e.queuePosition !== null);
    const positions = queued.map((e) => e.queuePosition ?? -1);
    expect(new Set(positions).size).toBeGreaterThanOrEqual(2);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
    const statuses = events.map((e) => e.status);
    expect(statuses.indexOf('RUNNING')).toBeGreaterThan(statuses.lastIndexOf('QUEUED'));
    const final = events.at(-1);
    expect(final).toMatchObject({ status: 'SUCCEEDED', vendorStatus: 'SUCCESS', queuePosition: null });
    expect(final?.vendorTaskId).toBe(task.vendorTaskId);
    expect(Object.keys(app.sandbox.patsnap?.stats.statusCallsByTask ?? {})).toContain(task.vendorTaskId);

    const file = await fetch(final?.downloadUrl ?? '');
    expect(file.status).toBe(200);
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('a WORD report without the logo downloads as a .docx (a zip)', async () => {
    const task = await startReport({
      reportType: 'WORD',
      withLogo: false,
      companyName: null,
      creditCode: '91110108551385082Q',
    });
    const sub = subscribeWs(app.url, TaskUpdated, { id: task.id });
    await sub.done;
    const final = sub.events.at(-1)?.taskUpdated;
    expect(final?.status).toBe('SUCCEEDED');
    const file = Buffer.from(await (await fetch(final?.downloadUrl ?? '')).arrayBuffer());
    expect(file.subarray(0, 2).toString()).toBe('PK');
  });

  it('a report the vendor cannot generate ends FAILED with its abnormal_cause', async () => {
    const task = await startReport({ companyName: 'SANDBOX_FAIL Ltd' });
    const sub = subscribeWs(app.url, TaskUpdated, { id: task.id });
    await sub.done;
    const final = sub.events.at(-1)?.taskUpdated;
    expect(final?.status).toBe('FAILED');
    expect(final?.error).toMatchObject({ code: 'VENDOR_TASK_FAILED', retryable: false });
    expect(final?.error?.message).toMatch(/服务器异常/);
  });

  it('job_id 1579434053399035904 survives exactly through track, store, query and subscription; unknown -> NOT_FOUND', async () => {
    const jobId = '1579434053399035904';
    const { task } = (
      await executeOk(app.url, TrackTask, { input: { kind: 'ENTERPRISE_REPORT', vendorTaskId: jobId } })
    ).trackTask;
    expect(task.vendorTaskId).toBe(jobId);
    // The sandbox never issued this id: the vendor answers 68300013, a permanent NOT_FOUND.
    expect(task.status).toBe('FAILED');
    expect(task.error).toMatchObject({ code: 'NOT_FOUND', vendorCode: '68300013', retryable: false });

    const queried = (await executeOk(app.url, GetTask, { id: task.id })).task;
    expect(queried?.vendorTaskId).toBe(jobId);
    const sub = subscribeWs(app.url, TaskUpdated, { id: task.id });
    await sub.done;
    expect(sub.events.map((e) => e.taskUpdated.vendorTaskId)).toEqual([jobId]);
    expect(Object.keys(app.sandbox.patsnap?.stats.statusCallsByTask ?? {})).toContain(jobId);
  });

  it.each([
    [{ companyName: null }, 'input.companyName'],
    [{ creditCode: 'short' }, 'input.creditCode'],
    [{ companyName: 'x'.repeat(201) }, 'input.companyName'],
  ])('bad input %o answers BAD_USER_INPUT at %s before any vendor call', async (input, field) => {
    const before = app.sandbox.patsnap?.stats.calls['report.create'];
    const result = await execute(app.url, StartEnterpriseReport, {
      input: { companyName: '小米', reportType: 'PDF', ...input },
    });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions?.field).toBe(field);
    expect(app.sandbox.patsnap?.stats.calls['report.create']).toBe(before);
  });

  it('trackTask refuses a job id that is not an int64', async () => {
    const result = await execute(app.url, TrackTask, {
      input: { kind: 'ENTERPRISE_REPORT', vendorTaskId: '9223372036854775808' },
    });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });
});
