import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startApp, type TestApp, tenantsFile } from '../support/app.js';
import { errorCodes, execute, executeOk, subscribeWs } from '../support/clients.js';
import {
  CancelTask,
  StartDataTrackDownload,
  StartEnterpriseReport,
  StartPatentExport,
  StartQueryResultDownload,
  TaskUpdated,
  TrackTask,
  Vendors,
} from '../support/documents.js';

const ACME = 'key-acme-0123456789';
const GLOBEX = 'key-globex-0123456789';
const exportInput = { queryText: 'lidar', fields: ['PN'], exportType: 'JSON' as const, rows: 5 };
const dmsInput = { orderId: '4061234', rollbackSqlType: 'REVERSE' as const, filterTables: ['orders'] };
const dlcInput = { taskId: '20aadca2d4b511ef9ffa525400ba9019', format: 'CSV' };

afterAll(() => removeTempDirs());

/** Whatever an error answer says, it must not carry these (ids, URLs, signatures of another tenant). */
function expectNoLeak(result: unknown, secrets: (string | null | undefined)[]): void {
  const text = JSON.stringify(result);
  for (const secret of secrets) if (secret) expect(text).not.toContain(secret);
}

describe('vendor work belongs to the tenant that created it (API_KEYS with two tenants)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ API_KEYS: `acme:${ACME},globex:${GLOBEX}`, SANDBOX_TASK_MS: '300' });
  });
  afterAll(() => app.close());

  it("another tenant's export task_id and report job_id are NOT_FOUND to trackTask, and leak nothing", async () => {
    const exported = (await executeOk(app.url, StartPatentExport, { input: exportInput }, { token: ACME }))
      .startPatentExport.task;
    const report = (
      await executeOk(
        app.url,
        StartEnterpriseReport,
        { input: { companyName: 'Acme Robotics', reportType: 'PDF', withLogo: false } },
        { token: ACME },
      )
    ).startEnterpriseReport.task;
    const finished = subscribeWs(app.url, TaskUpdated, { id: exported.id }, { token: ACME });
    await finished.done;
    const url = finished.events.at(-1)?.taskUpdated.downloadUrl;
    expect(url).toBeTruthy();

    for (const [kind, vendorTaskId] of [
      ['PATENT_EXPORT', exported.vendorTaskId],
      ['ENTERPRISE_REPORT', report.vendorTaskId],
    ] as const) {
      const result = await execute(app.url, TrackTask, { input: { kind, vendorTaskId } }, { token: GLOBEX });
      expect(errorCodes(result)).toEqual(['NOT_FOUND']);
      expect(result.data).toBeNull();
      expectNoLeak(result, [url, exported.id, report.id]);
    }
    // The owner tracking its own id gets its own record back, without any grant.
    const own = await executeOk(
      app.url,
      TrackTask,
      { input: { kind: 'PATENT_EXPORT', vendorTaskId: exported.vendorTaskId } },
      { token: ACME },
    );
    expect(own.trackTask.task.id).toBe(exported.id);
  });

  it('an id nobody created here needs vendor:shared on the shared credentials: FORBIDDEN naming the scope', async () => {
    const result = await execute(
      app.url,
      TrackTask,
      { input: { kind: 'ENTERPRISE_REPORT', vendorTaskId: '1579434053399035904' } },
      { token: GLOBEX },
    );
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.errors?.[0]?.extensions?.scope).toBe('vendor:shared');
    expect(result.errors?.[0]?.message).toContain('vendor:shared');
  });

  it('DMS and DLC downloads on the shared credentials need vendor:shared, and nothing reaches the vendor', async () => {
    const before = {
      dms: app.sandbox.aliyunDms?.stats.calls.DownloadDataTrackResult ?? -1,
      dlc: app.sandbox.tencentDlc?.stats.calls.CreateResultDownload ?? -1,
    };
    const dms = await execute(app.url, StartDataTrackDownload, { input: dmsInput }, { token: ACME });
    const dlc = await execute(app.url, StartQueryResultDownload, { input: dlcInput }, { token: GLOBEX });
    for (const result of [dms, dlc]) {
      expect(errorCodes(result)).toEqual(['FORBIDDEN']);
      expect(result.errors?.[0]?.extensions?.scope).toBe('vendor:shared');
    }
    expect(app.sandbox.aliyunDms?.stats.calls.DownloadDataTrackResult).toBe(before.dms);
    expect(app.sandbox.tencentDlc?.stats.calls.CreateResultDownload).toBe(before.dlc);
  });

  it('two concurrent trackTask calls of the same id make one record', async () => {
    const exported = (await executeOk(app.url, StartPatentExport, { input: exportInput }, { token: ACME }))
      .startPatentExport.task;
    // Cancelled, so that tracking it again makes a new record: both calls race to create it.
    await executeOk(app.url, CancelTask, { id: exported.id }, { token: ACME });
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        executeOk(
          app.url,
          TrackTask,
          { input: { kind: 'PATENT_EXPORT', vendorTaskId: exported.vendorTaskId } },
          { token: ACME },
        ),
      ),
    );
    const ids = new Set(results.map((r) => r.trackTask.task.id));
    expect(ids.size).toBe(1);
    expect(ids.has(exported.id)).toBe(false);
  });
});

describe('a single API_KEYS tenant owns the shared credentials (vendor:shared)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ API_KEYS: `acme:${ACME}`, SANDBOX_TASK_MS: '300' });
  });
  afterAll(() => app.close());

  it('starts DMS and DLC downloads and tracks ids created elsewhere', async () => {
    const dms = await executeOk(app.url, StartDataTrackDownload, { input: dmsInput }, { token: ACME });
    expect(dms.startDataTrackDownload.task.status).toBe('QUEUED');
    const dlc = await executeOk(app.url, StartQueryResultDownload, { input: dlcInput }, { token: ACME });
    expect(dlc.startQueryResultDownload.task.vendor).toBe('TENCENT_DLC');
    const tracked = await execute(
      app.url,
      TrackTask,
      { input: { kind: 'ENTERPRISE_REPORT', vendorTaskId: '1579434053399035904' } },
      { token: ACME },
    );
    expect(tracked.errors).toBeUndefined();
  });
});

describe('TENANTS_FILE: a tenant with its own DLC credential', () => {
  let app: TestApp;
  const ownKeyId = 'AKIDAcmeOwnDlcKey0001';
  beforeAll(async () => {
    const path = tenantsFile({
      tenants: {
        acme: {
          keys: [`sha256:${createHash('sha256').update(ACME).digest('hex')}`],
          scopes: ['tasks:read', 'tasks:write', 'search'],
          vendors: {
            TENCENT_DLC: { TENCENT_SECRET_ID: ownKeyId, TENCENT_SECRET_KEY: 'acme-own-dlc-secret-key' },
          },
        },
        globex: { keys: [GLOBEX], scopes: ['tasks:read', 'tasks:write', 'search', 'vendor:shared'] },
      },
    });
    app = await startApp({ TENANTS_FILE: path, SANDBOX_TASK_MS: '300' });
  });
  afterAll(() => app.close());

  it("signs each tenant's downloads with its own key: the sandbox sees acme's key id and the shared one", async () => {
    const keyIds = () => ({ ...app.sandbox.tencentDlc?.stats.keyIds });
    const before = keyIds();
    // acme has no vendor:shared: its own credential is what lets it start a DLC download.
    const mine = (await executeOk(app.url, StartQueryResultDownload, { input: dlcInput }, { token: ACME }))
      .startQueryResultDownload.task;
    const afterAcme = keyIds();
    expect((afterAcme[ownKeyId] ?? 0) - (before[ownKeyId] ?? 0)).toBeGreaterThan(0);
    const sharedKeyId = Object.keys(afterAcme).find((id) => id !== ownKeyId) ?? 'AKIDSandboxGatewayKey';
    expect(afterAcme[sharedKeyId] ?? 0).toBe(before[sharedKeyId] ?? 0);

    const theirs = (
      await executeOk(app.url, StartQueryResultDownload, { input: dlcInput }, { token: GLOBEX })
    ).startQueryResultDownload.task;
    const afterGlobex = keyIds();
    expect(afterGlobex[ownKeyId]).toBe(afterAcme[ownKeyId]);
    expect(Object.keys(afterGlobex).filter((id) => id !== ownKeyId)).toHaveLength(1);

    // Both finish, each polled with the credential it was started with.
    for (const [task, token] of [
      [mine, ACME],
      [theirs, GLOBEX],
    ] as const) {
      const sub = subscribeWs(app.url, TaskUpdated, { id: task.id }, { token });
      await sub.done;
      expect(sub.events.at(-1)?.taskUpdated.status).toBe('SUCCEEDED');
    }
    const vendors = (await executeOk(app.url, Vendors, {}, { token: ACME })).vendors;
    expect(vendors.find((v) => v.vendor === 'TENCENT_DLC')).toMatchObject({ ownCredentials: true });
    const globexVendors = (await executeOk(app.url, Vendors, {}, { token: GLOBEX })).vendors;
    expect(globexVendors.find((v) => v.vendor === 'TENCENT_DLC')).toMatchObject({ ownCredentials: false });
  });

  it('the tenant without vendor:shared still cannot start a DMS download on the shared credentials', async () => {
    const result = await execute(app.url, StartDataTrackDownload, { input: dmsInput }, { token: ACME });
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
  });
});
