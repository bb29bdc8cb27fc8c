import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { errorCodes, execute, executeOk, subscribeWs } from '../support/clients.js';
import {
  RefreshTask,
  StartDataTrackDownload,
  StartQueryResultDownload,
  TaskUpdated,
  TrackTask,
  Vendors,
} from '../support/documents.js';

// A 1.2 s vendor task polled every 30..100 ms shows each intermediate state at least once.
let app: TestApp;
beforeAll(async () => {
  app = await startApp({
    SANDBOX_TASK_MS: '1200',
    POLL_INITIAL_MS: '30',
    POLL_MAX_MS: '100',
    POLL_JITTER: '0',
  });
});
afterAll(async () => {
  await app.close();
  removeTempDirs();
});

async function follow(id: string) {
  const sub = subscribeWs(app.url, TaskUpdated, { id });
  await sub.done;
  return sub.events.map((e) => e.taskUpdated);
}

/** Each distinct vendor status in the order first seen. */
const vendorStatuses = (events: { vendorStatus?: string | null }[]) => [
  ...new Set(events.map((e) => e.vendorStatus)),
];

describe('Alibaba Cloud DMS data-track download (ACS3-HMAC-SHA256 signed)', () => {
  it('goes INIT -> DOWNLOADING -> DOWNLOAD_SUCCESS over graphql-ws and the OSS URL downloads the zip', async () => {
    const { task } = (
      await executeOk(app.url, StartDataTrackDownload, {
        input: {
          orderId: '4061234',
          rollbackSqlType: 'REVERSE',
          filterTables: ['orders'],
          filterTypes: ['UPDATE'],
        },
      })
    ).startDataTrackDownload;
    expect(task).toMatchObject({
      __typename: 'DataTrackDownloadTask',
      vendor: 'ALIYUN_DMS',
      status: 'QUEUED',
    });

    const events = await follow(task.id);
    const seen = vendorStatuses(events);
    expect(seen[0]).toMatch(/^(INIT|LISTING)$/);
    expect(seen).toContain('DOWNLOADING');
    expect(seen.at(-1)).toBe('DOWNLOAD_SUCCESS');
    const final = events.at(-1);
    expect(final?.status).toBe('SUCCEEDED');
    const url = new URL(final?.downloadUrl ?? '');
    expect(Number(url.searchParams.get('Expires')) * 1000).toBe(Date.parse(final?.downloadExpiresAt ?? ''));
    expect(final?.itemCount).toBeGreaterThan(0);

    const file = await fetch(url);
    expect(file.status).toBe(200);
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    url.searchParams.set('Signature', 'AAAA');
    expect((await fetch(url)).status).toBe(403);
  });

  it('a ticket the vendor cannot export ends DOWNLOAD_FAIL as FAILED', async () => {
    const { task } = (
      await executeOk(app.url, StartDataTrackDownload, {
        input: { orderId: '4061235', filterTables: ['SANDBOX_FAIL'] },
      })
    ).startDataTrackDownload;
    const final = (await follow(task.id)).at(-1);
    expect(final).toMatchObject({ status: 'FAILED', vendorStatus: 'DOWNLOAD_FAIL' });
    expect(final?.error?.code).toBe('VENDOR_TASK_FAILED');
  });

  it('input is checked before the vendor is called', async () => {
    const result = await execute(app.url, StartDataTrackDownload, { input: { orderId: 'not-a-number' } });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions?.field).toBe('input.orderId');
  });
});

describe('Tencent Cloud DLC query result download (TC3-HMAC-SHA256 signed, COS presigned URL)', () => {
  it('goes queue -> format -> compress -> success; the minted COS URL downloads and a tampered one does not', async () => {
    const { task } = (
      await executeOk(app.url, StartQueryResultDownload, {
        input: { taskId: '20aadca2d4b511ef9ffa525400ba9019' },
      })
    ).startQueryResultDownload;
    expect(task).toMatchObject({ __typename: 'QueryResultDownloadTask', vendor: 'TENCENT_DLC' });

    const events = await follow(task.id);
    const seen = vendorStatuses(events).filter((s) => s !== 'init');
    expect(seen).toEqual(['queue', 'format', 'compress', 'success']);
    const final = events.at(-1);
    expect(final?.status).toBe('SUCCEEDED');
    const url = new URL(final?.downloadUrl ?? '');
    expect(url.pathname).toMatch(/^\/sandbox\/tencent-dlc\/cos\//);
    expect(url.searchParams.get('q-sign-algorithm')).toBe('sha1');
    expect(url.searchParams.get('x-cos-security-token')).toBeTruthy();
    const keyTime = url.searchParams.get('q-key-time')?.split(';').map(Number) ?? [];
    expect((keyTime[1] ?? 0) * 1000).toBe(Date.parse(final?.downloadExpiresAt ?? ''));

    const file = await fetch(url);
    expect(file.status).toBe(200);
    expect((await file.text()).split('\n')[0]).toContain(',');

    const tampered = new URL(url);
    tampered.searchParams.set('q-signature', '0'.repeat(40));
    const refused = await fetch(tampered);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('SignatureDoesNotMatch');
  });

  it('refreshTask regenerates a download that ended in error (Force) and follows the new DownloadId', async () => {
    const { task } = (
      await executeOk(app.url, StartQueryResultDownload, { input: { taskId: 'SANDBOX_ERROR-query-1' } })
    ).startQueryResultDownload;
    const failed = (await follow(task.id)).at(-1);
    expect(failed).toMatchObject({ status: 'FAILED', vendorStatus: 'error' });

    const renewed = (await executeOk(app.url, RefreshTask, { id: task.id })).refreshTask.task;
    expect(renewed.vendorTaskId).not.toBe(task.vendorTaskId);
    expect(renewed.status).not.toBe('FAILED');
    expect(renewed.error).toBeNull();
    const final = (await follow(task.id)).at(-1);
    expect(final).toMatchObject({ status: 'SUCCEEDED', vendorTaskId: renewed.vendorTaskId });
    expect(final?.history.filter((h) => h.status === 'FAILED')).toHaveLength(1);
  });

  it('lists the cloud vendors as sandboxed, with their documented rate budgets', async () => {
    const { vendors } = await executeOk(app.url, Vendors);
    expect(vendors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          vendor: 'ALIYUN_DMS',
          mode: 'SANDBOX',
          configured: true,
          ratePerSecond: 10,
        }),
        expect.objectContaining({
          vendor: 'TENCENT_DLC',
          mode: 'SANDBOX',
          configured: true,
          ratePerSecond: 20,
        }),
      ]),
    );
  });
});

describe('a gateway with wrong keys, pointed at the sandboxes as at a real vendor', () => {
  let live: TestApp;
  let logs = '';
  beforeAll(async () => {
    const logger = pino(
      { level: 'trace' },
      {
        write: (line: string) => {
          logs += line;
        },
      },
    );
    live = await startApp(
      {
        SANDBOX: 'auto',
        PATSNAP_API_KEY: 'sk-unused',
        ALIYUN_ACCESS_KEY_ID: 'LTAI5tSandboxGatewayKey',
        ALIYUN_ACCESS_KEY_SECRET: 'not-the-secret',
        ALIYUN_DMS_ENDPOINT: `${app.origin}/sandbox/aliyun-dms`,
        TENCENT_SECRET_ID: 'AKIDSandboxGatewayKey',
        TENCENT_SECRET_KEY: 'not-the-secret-key',
        TENCENT_DLC_ENDPOINT: `${app.origin}/sandbox/tencent-dlc`,
      },
      { logger },
    );
  });
  afterAll(async () => {
    await live.close();
    // Even at trace level, neither secret reached the log.
    expect(logs).not.toContain('not-the-secret');
  });

  it('DMS refuses the signature: the start fails with UNAUTHENTICATED, naming no secret', async () => {
    const result = await execute(live.url, StartDataTrackDownload, { input: { orderId: '4061236' } });
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(result.errors)).not.toContain('not-the-secret');
  });

  it('DLC refuses the signature of a tracked download: the task ends FAILED with UNAUTHENTICATED', async () => {
    const { task } = (
      await executeOk(live.url, TrackTask, {
        input: { kind: 'QUERY_RESULT_DOWNLOAD', vendorTaskId: 'any-download-id' },
      })
    ).trackTask;
    expect(task.status).toBe('FAILED');
    expect(task.error).toMatchObject({ code: 'UNAUTHENTICATED', retryable: false });
    expect(task.error?.message).not.toContain('not-the-secret-key');
  });
});
