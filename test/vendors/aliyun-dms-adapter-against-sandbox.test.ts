import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  createDataTrackDownloadOperation,
  createDmsClient,
  type DmsClientOptions,
} from '../../src/vendors/aliyun-dms/index.js';
import type { DmsSandbox } from '../../src/vendors/aliyun-dms/sandbox/index.js';
import { type CloudHarness, cloudSandboxes, DMS_KEY, START, TASK_MS } from '../support/cloud-sandboxes.js';
import { vendorError } from '../support/vendor-error.js';

/** The DMS adapter against the DMS sandbox over real HTTP. */

const KEY_ID = DMS_KEY.accessKeyId;
const KEY_SECRET = DMS_KEY.accessKeySecret;

type Harness = CloudHarness<DmsSandbox>;

const { startDms } = cloudSandboxes();

function client(h: Harness, overrides: Partial<DmsClientOptions> = {}) {
  return createDmsClient({
    endpoint: h.endpoint,
    accessKeyId: KEY_ID,
    accessKeySecret: KEY_SECRET,
    now: () => new Date(h.clock.now),
    ...overrides,
  });
}

describe('DMS adapter <-> sandbox', () => {
  it('walks INIT/LISTING -> DOWNLOADING -> DOWNLOAD_SUCCESS and the OSS URL downloads', async () => {
    const h = await startDms();
    const records: string[] = [];
    const op = createDataTrackDownloadOperation(
      client(h, { record: (o, outcome) => records.push(`${o}:${outcome}`) }),
    );
    const started = await op.start({
      orderId: '406123',
      rollbackSqlType: 'REVERSE',
      filterTables: ['orders', 'table with space'],
      filterTypes: ['UPDATE'],
      filterStartTime: '2023-04-23 00:00:00',
      filterEndTime: '2023-04-23 10:00:00',
      columnFilter: JSON.stringify({ ColumnName: 'account_name', Operator: 'EQUAL', Value: "o'brien (*)" }),
      eventIds: ['1', '9007199254740993'],
      tenantId: '42',
    });
    expect(started.params).toEqual({ orderId: '406123', tid: '42' });
    expect(started.snapshot).toEqual({ status: 'QUEUED', vendorStatus: 'INIT' });
    const ref = {
      vendorTaskId: started.vendorTaskId,
      params: started.params,
      createdAt: new Date(START).toISOString(),
    };

    const seen: string[] = [];
    for (const at of [0, 0.2, 0.5, 1]) {
      h.clock.now = START + at * TASK_MS;
      const snap = await op.poll(ref);
      seen.push(`${snap.vendorStatus}->${snap.status}`);
      if (snap.status === 'SUCCEEDED') {
        expect(snap.itemCount).toBeGreaterThan(0);
        expect(snap.downloadExpiresAt).toBe(new Date(START + TASK_MS + 3600_000).toISOString());
        const url = new URL(snap.downloadUrl as string);
        expect(url.searchParams.get('Expires')).toBe(String((START + TASK_MS) / 1000 + 3600));
        expect(url.pathname).toMatch(/_UNDO_\d+\.zip$/);
        const res = await fetch(url);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/zip');
        const zip = Buffer.from(await res.arrayBuffer());
        const nameLength = zip.readUInt16LE(26);
        const sql = inflateRawSync(
          zip.subarray(
            30 + nameLength + zip.readUInt16LE(28),
            30 + nameLength + zip.readUInt16LE(28) + zip.readUInt32LE(18),
          ),
        ).toString();
        expect(sql.split('\n').filter((l) => l.startsWith('UPDATE'))).toHaveLength(snap.itemCount as number);
        const head = await fetch(url, { method: 'HEAD' });
        expect(head.status).toBe(200);
        expect(Number(head.headers.get('content-length'))).toBe(zip.length);
        expect(await head.text()).toBe('');

        // The same URL after its Expires, and with a forged signature.
        h.clock.now = START + TASK_MS + 3600_000;
        const expired = await fetch(url);
        expect(expired.status).toBe(403);
        expect(await expired.text()).toContain('<Code>AccessDenied</Code>');
        h.clock.now = START + TASK_MS;
        url.searchParams.set('Expires', String(Number(url.searchParams.get('Expires')) + 3600));
        const stretched = await fetch(url);
        expect(stretched.status).toBe(403);
        expect(await stretched.text()).toContain('SignatureDoesNotMatch');
      }
    }
    expect(seen).toEqual([
      'INIT->QUEUED',
      'LISTING->QUEUED',
      'DOWNLOADING->RUNNING',
      'DOWNLOAD_SUCCESS->SUCCEEDED',
    ]);
    expect(records).toContain('dms_download_data_track_result:ok');
    expect(h.sandbox.stats.calls.QueryDataTrackResultDownloadStatus).toBe(4);
  });

  it('survives a sandbox restart (signed, self-describing DownloadKeyId)', async () => {
    const clock = { now: START };
    const first = await startDms({}, clock);
    const started = await createDataTrackDownloadOperation(client(first)).start({ orderId: '7' });
    const second = await startDms({}, clock);
    clock.now = START + TASK_MS;
    const snap = await createDataTrackDownloadOperation(client(second)).poll({
      vendorTaskId: started.vendorTaskId,
      params: started.params,
      createdAt: '',
    });
    expect(snap.status).toBe('SUCCEEDED');
    // A sandbox with another secret does not know the key: a business error in the Success:false envelope.
    const stranger = await startDms({ secret: 'another-secret' }, clock);
    const error = await vendorError(
      createDataTrackDownloadOperation(client(stranger)).poll({
        vendorTaskId: started.vendorTaskId,
        params: started.params,
        createdAt: '',
      }),
    );
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', vendorCode: 'InvalidParameter', transient: false });
  });

  it('reports DOWNLOAD_FAIL as a failed task', async () => {
    const h = await startDms();
    const op = createDataTrackDownloadOperation(client(h));
    const started = await op.start({ orderId: '8', filterTables: ['SANDBOX_FAIL'] });
    h.clock.now = START + TASK_MS;
    const snap = await op.poll({ vendorTaskId: started.vendorTaskId, params: started.params, createdAt: '' });
    expect(snap).toMatchObject({
      status: 'FAILED',
      vendorStatus: 'DOWNLOAD_FAIL',
      error: { code: 'VENDOR_TASK_FAILED' },
    });
  });

  it('a wrong secret is rejected as a signature mismatch, mapped without leaking the secret', async () => {
    const h = await startDms();
    const wrong = 'WrongSecretValueThatMustNotLeak';
    const error = await vendorError(
      client(h, { accessKeySecret: wrong }).downloadDataTrackResult({
        OrderId: '1',
        RollbackSQLType: 'REVERSE',
      }),
    );
    expect(error).toMatchObject({
      code: 'UNAUTHENTICATED',
      vendorCode: 'SignatureDoesNotMatch',
      transient: false,
    });
    expect(error.message).toContain('check ALIYUN_ACCESS_KEY_SECRET');
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(KEY_SECRET);
    expect(error.message).not.toContain(KEY_ID);
  });

  it('an unknown AccessKey ID is rejected', async () => {
    const h = await startDms();
    const error = await vendorError(
      client(h, { accessKeyId: 'LTAIunknown' }).downloadDataTrackResult({
        OrderId: '1',
        RollbackSQLType: 'REVERSE',
      }),
    );
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', vendorCode: 'InvalidAccessKeyId.NotFound' });
  });

  it('a clock skewed by more than 15 minutes is rejected with InvalidTimeStamp.Expired', async () => {
    const h = await startDms();
    const skewed = client(h, { now: () => new Date(h.clock.now - 16 * 60_000) });
    const error = await vendorError(
      skewed.downloadDataTrackResult({ OrderId: '1', RollbackSQLType: 'REVERSE' }),
    );
    expect(error).toMatchObject({
      code: 'UNAUTHENTICATED',
      vendorCode: 'InvalidTimeStamp.Expired',
      transient: false,
    });
    expect(error.message).toMatch(/clock/);
    // 14 minutes is inside the window.
    const near = client(h, { now: () => new Date(h.clock.now + 14 * 60_000) });
    await expect(
      near.downloadDataTrackResult({ OrderId: '1', RollbackSQLType: 'REVERSE' }),
    ).resolves.toBeDefined();
  });

  it('a request tampered with in transit (query or body) fails the signature check', async () => {
    const h = await startDms();
    const c = client(h);
    h.tamper.fn = (url, body) => ({ url: url.replace('OrderId=1', 'OrderId=2'), body });
    const q = await vendorError(c.downloadDataTrackResult({ OrderId: '1', RollbackSQLType: 'REVERSE' }));
    expect(q).toMatchObject({ code: 'UNAUTHENTICATED', vendorCode: 'SignatureDoesNotMatch' });
    h.tamper.fn = (url) => ({ url, body: Buffer.from('OrderId=2') });
    const b = await vendorError(c.downloadDataTrackResult({ OrderId: '1', RollbackSQLType: 'REVERSE' }));
    expect(b).toMatchObject({ code: 'UNAUTHENTICATED', vendorCode: 'SignatureDoesNotMatch' });
    expect(h.sandbox.stats.errors.SignatureDoesNotMatch).toBe(2);
  });

  it('maps throttling and outages to transient errors', async () => {
    const h = await startDms();
    const c = client(h);
    h.sandbox.faults.inject({ operation: '*', kind: 'Throttling.User' });
    h.sandbox.faults.inject({ operation: '*', kind: 'ServiceUnavailable' });
    h.sandbox.faults.inject({ operation: '*', kind: 'http503' });
    const call = () => c.downloadDataTrackResult({ OrderId: '1', RollbackSQLType: 'REVERSE' });
    expect(await vendorError(call())).toMatchObject({
      code: 'RATE_LIMITED',
      transient: true,
      vendorCode: 'Throttling.User',
    });
    expect(await vendorError(call())).toMatchObject({
      code: 'VENDOR_UNAVAILABLE',
      transient: true,
      vendorCode: 'ServiceUnavailable',
    });
    expect(await vendorError(call())).toMatchObject({
      code: 'VENDOR_UNAVAILABLE',
      transient: true,
      vendorCode: null,
    });
    await expect(call()).resolves.toHaveProperty('downloadKeyId');
  });
});
