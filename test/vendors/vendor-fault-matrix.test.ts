import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDmsClient } from '../../src/vendors/aliyun-dms/client.js';
import { createPatSnapClient } from '../../src/vendors/patsnap/client.js';
import { validatePatentExportInput } from '../../src/vendors/patsnap/export-input.js';
import { createEnterpriseReportOperation } from '../../src/vendors/patsnap/report.js';
import { createPatentSearch } from '../../src/vendors/patsnap/search.js';
import { validatePatentSearchInput } from '../../src/vendors/patsnap/search-input.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/vendors/shared/http.js';
import { VendorError } from '../../src/vendors/shared/vendor-error.js';
import { createDlcClient } from '../../src/vendors/tencent-dlc/client.js';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { executeOk } from '../support/clients.js';
import { GetTask, StartPatentExport } from '../support/documents.js';
import {
  FAULT_LABELS,
  FAULTS,
  type Fault,
  type FaultReply,
  type FaultRequest,
  HUGE_BODY_BYTES,
  startFaultStub,
} from './fault-stub.js';

/**
 * Every vendor operation against every way a response can go wrong. Each must end in a VendorError
 * (never another error, never a hang) with the right code and `transient`, within the adapter's
 * timeout, without reading a 50 MB body whole, and without a credential or URL in its message.
 * The table of outcomes is printed at the end.
 */

const TIMEOUT_MS = 1_000;

const SECRETS = {
  patsnapClientId: 'b4562e4188asd4cb486a19c6971515c66',
  patsnapClientSecret: 'N1eOgd8sOk4z1vaWQfB18P4AbSk70lGs',
  patsnapApiKey: `sk-${'k'.repeat(48)}`,
  dmsKeyId: 'LTAI5tFakeAccessKeyId01',
  dmsKeySecret: 'FakeAccessKeySecretForDms0123456',
  dlcSecretId: 'AKIDfakeSecretId0123456789abcdef',
  dlcSecretKey: 'fakeSecretKeyForDlc0123456789abc',
};

type Expected = { code: 'VENDOR_UNAVAILABLE' | 'VENDOR_ERROR'; transient: boolean };
const UNAVAILABLE: Expected = { code: 'VENDOR_UNAVAILABLE', transient: true };
const PERMANENT: Expected = { code: 'VENDOR_ERROR', transient: false };

interface Operation {
  vendor: 'PatSnap' | 'DMS' | 'DLC';
  name: string;
  /** The answer to the requests the fault is not aimed at (the token call before a business call). */
  healthy?: (req: FaultRequest) => FaultReply | null;
  /** The vendor's own success envelope with a payload this operation cannot use. */
  wrongShape: unknown;
  /** A create told "accepted" without an id cannot be retried safely: permanent. Else transient. */
  wrongShapeExpected: Expected;
  /** Extra time allowed over the timeout (ky's own retries of the token call). */
  slackMs?: number;
  run(baseUrl: string): Promise<unknown>;
}

const ok = (data: unknown) => ({ json: { data, status: true, error_code: 0 } });
const patsnapWrongShape = { data: { unexpected: [1, 2, 3] }, status: true, error_code: 0 };

const patsnapKeyClient = (baseUrl: string) =>
  createPatSnapClient({ baseUrl, apiKey: SECRETS.patsnapApiKey, timeoutMs: TIMEOUT_MS });
const dms = (baseUrl: string) =>
  createDmsClient({
    endpoint: baseUrl,
    accessKeyId: SECRETS.dmsKeyId,
    accessKeySecret: SECRETS.dmsKeySecret,
    timeoutMs: TIMEOUT_MS,
  });
const dlc = (baseUrl: string) =>
  createDlcClient({
    endpoint: baseUrl,
    secretId: SECRETS.dlcSecretId,
    secretKey: SECRETS.dlcSecretKey,
    region: 'ap-guangzhou',
    timeoutMs: TIMEOUT_MS,
  });
const taskRef = (vendorTaskId: string, params: Record<string, string> = {}) => ({
  vendorTaskId,
  params,
  createdAt: new Date().toISOString(),
});

const OPERATIONS: Operation[] = [
  {
    vendor: 'PatSnap',
    name: 'token (POST /oauth/token)',
    wrongShape: { data: { access: 'nope' }, status: true, error_code: 0 },
    wrongShapeExpected: UNAVAILABLE,
    healthy: (req) => (req.path.endsWith('/oauth/token') ? null : ok({ export_status: 'PENDING' })),
    // The token call is retried twice by ky on network errors (300 + 600 ms back-off).
    slackMs: 2_500,
    run: (baseUrl) =>
      createPatSnapClient({
        baseUrl,
        clientId: SECRETS.patsnapClientId,
        clientSecret: SECRETS.patsnapClientSecret,
        timeoutMs: TIMEOUT_MS,
      }).getExportTask('t-1'),
  },
  {
    vendor: 'PatSnap',
    name: 'P055 export create',
    wrongShape: patsnapWrongShape,
    wrongShapeExpected: PERMANENT,
    run: (baseUrl) =>
      patsnapKeyClient(baseUrl).createExport(
        validatePatentExportInput({ queryText: 'TTL:car', fields: ['PN'], exportType: 'CSV', rows: 10 }),
      ),
  },
  {
    vendor: 'PatSnap',
    name: 'P055 export status',
    wrongShape: patsnapWrongShape,
    wrongShapeExpected: UNAVAILABLE,
    run: (baseUrl) => patsnapKeyClient(baseUrl).getExportTask('t-1'),
  },
  {
    vendor: 'PatSnap',
    name: 'R001 report create',
    wrongShape: patsnapWrongShape,
    wrongShapeExpected: PERMANENT,
    run: (baseUrl) =>
      createEnterpriseReportOperation(patsnapKeyClient(baseUrl)).start({
        companyName: 'ACME',
        reportType: 'PDF',
      }),
  },
  {
    vendor: 'PatSnap',
    name: 'R001 report status',
    wrongShape: patsnapWrongShape,
    wrongShapeExpected: UNAVAILABLE,
    run: (baseUrl) =>
      createEnterpriseReportOperation(patsnapKeyClient(baseUrl)).poll(
        taskRef('1579434053399035904') as never,
      ),
  },
  {
    vendor: 'PatSnap',
    name: 'P075 nested search',
    wrongShape: patsnapWrongShape,
    wrongShapeExpected: UNAVAILABLE,
    run: (baseUrl) =>
      createPatentSearch(patsnapKeyClient(baseUrl)).nestedSearch(
        validatePatentSearchInput({ queryText: 'TTL:car' }),
      ),
  },
  {
    vendor: 'PatSnap',
    name: 'P002 patent list',
    wrongShape: patsnapWrongShape,
    wrongShapeExpected: UNAVAILABLE,
    run: (baseUrl) =>
      createPatentSearch(patsnapKeyClient(baseUrl)).listPatents({
        queryText: 'TTL:car',
        limit: 5,
        offset: 0,
      }),
  },
  {
    vendor: 'DMS',
    name: 'DownloadDataTrackResult (create)',
    wrongShape: { Success: true, RequestId: 'r-1' },
    wrongShapeExpected: PERMANENT,
    run: (baseUrl) =>
      dms(baseUrl).downloadDataTrackResult({ OrderId: '4061234', RollbackSQLType: 'REVERSE' }),
  },
  {
    vendor: 'DMS',
    name: 'QueryDataTrackResultDownloadStatus',
    wrongShape: { Success: true, RequestId: 'r-1' },
    wrongShapeExpected: UNAVAILABLE,
    run: (baseUrl) =>
      dms(baseUrl).queryDataTrackResultDownloadStatus({ orderId: '4061234', downloadKeyId: 'k-1' }),
  },
  {
    vendor: 'DLC',
    name: 'CreateResultDownload (create)',
    wrongShape: { Response: { RequestId: 'r-1' } },
    wrongShapeExpected: PERMANENT,
    run: (baseUrl) => dlc(baseUrl).createResultDownload({ taskId: 'q-1', format: 'CSV' }),
  },
  {
    vendor: 'DLC',
    name: 'DescribeResultDownload',
    wrongShape: { Response: { RequestId: 'r-1' } },
    wrongShapeExpected: UNAVAILABLE,
    run: (baseUrl) => dlc(baseUrl).describeResultDownload('d-1'),
  },
];

function expectedFor(op: Operation, fault: Fault): Expected {
  return fault === 'wrong-shape' ? op.wrongShapeExpected : UNAVAILABLE;
}

interface Cell {
  code: string;
  transient: boolean | null;
  ms: number;
  message: string;
}
const matrix = new Map<string, Cell>();
const cellKey = (op: Operation, fault: Fault) => `${op.vendor} ${op.name}|${fault}`;

async function runCase(
  op: Operation,
  fault: Fault,
): Promise<{ error: unknown; ms: number; hugeSent: number[] }> {
  const stub = await startFaultStub((req) => op.healthy?.(req) ?? { fault, wrongShape: op.wrongShape });
  const started = performance.now();
  try {
    // A hang would show as the test's own timeout; this bound makes it a clear failure instead.
    const error = await Promise.race([
      op.run(`${stub.url}/vendor`).then(
        (value) => new Error(`resolved instead of failing: ${JSON.stringify(value)?.slice(0, 200)}`),
        (e: unknown) => e,
      ),
      new Promise((resolve) => setTimeout(() => resolve(new Error('hung')), 15_000)),
    ]);
    return { error, ms: Math.round(performance.now() - started), hugeSent: stub.hugeBodyBytesSent };
  } finally {
    await stub.close();
  }
}

describe('vendor adapters against faulty responses (fault × operation)', () => {
  afterAll(() => {
    const header = `| fault | ${OPERATIONS.map((op) => `${op.vendor} ${op.name}`).join(' | ')} |`;
    const rows = FAULTS.map(
      (fault) =>
        `| ${FAULT_LABELS[fault]} | ${OPERATIONS.map((op) => {
          const cell = matrix.get(cellKey(op, fault));
          return cell
            ? `${cell.code}${cell.transient === null ? '' : cell.transient ? ' (transient)' : ' (permanent)'}, ${cell.ms} ms`
            : 'not run';
        }).join(' | ')} |`,
    );
    console.log(
      ['vendor fault matrix', header, `|${' --- |'.repeat(OPERATIONS.length + 1)}`, ...rows].join('\n'),
    );
    // Each distinct message once, with the cells that got it.
    const byMessage = new Map<string, string[]>();
    for (const [key, cell] of matrix)
      byMessage.set(cell.message, [...(byMessage.get(cell.message) ?? []), key]);
    console.log(
      [
        'messages',
        ...[...byMessage].map(
          ([message, keys]) => `  ${message}  <- ${keys.length} cell(s), e.g. ${keys[0]}`,
        ),
      ].join('\n'),
    );
  });

  for (const fault of FAULTS) {
    it(`${FAULT_LABELS[fault]}: every operation ends in a clear VendorError`, async () => {
      const results = await Promise.all(
        OPERATIONS.map(async (op) => ({ op, ...(await runCase(op, fault)) })),
      );
      for (const { op, error, ms } of results) {
        const isVendorError = error instanceof VendorError;
        matrix.set(cellKey(op, fault), {
          code: isVendorError ? error.code : `${(error as Error)?.name}: ${(error as Error)?.message}`,
          transient: isVendorError ? error.transient : null,
          ms,
          message: isVendorError ? error.message : String(error),
        });
      }
      for (const { op, error, ms, hugeSent } of results) {
        const where = `${op.vendor} ${op.name} / ${fault}`;
        expect(error, where).toBeInstanceOf(VendorError);
        const e = error as VendorError;
        expect({ code: e.code, transient: e.transient }, where).toEqual(expectedFor(op, fault));
        expect(ms, `${where}: took ${ms} ms`).toBeLessThan(TIMEOUT_MS + 1_000 + (op.slackMs ?? 0));
        for (const secret of [...Object.values(SECRETS), '127.0.0.1', '/vendor']) {
          expect(e.message, where).not.toContain(secret);
        }
        if (fault === 'huge-body') {
          expect(e.message, where).toContain(`larger than ${DEFAULT_MAX_RESPONSE_BYTES} bytes`);
          // What the server managed to write before the client gave up: the cap plus socket buffers.
          for (const sent of hugeSent) expect(sent, where).toBeLessThan(HUGE_BODY_BYTES / 2);
        }
        if (fault === 'endless-body') expect(ms, where).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      }
    });
  }
});

/**
 * The same faults through the gateway: a PatSnap export whose create succeeds and whose every status
 * call then fails one way. The task must be polled again and again (never left waiting without a
 * poll) and end FAILED with VENDOR_UNAVAILABLE after POLL_MAX_FAILURES (3) attempts.
 */
describe('a task whose status calls fail (gateway, PatSnap replaced by a faulty stub)', () => {
  const API_KEY = 'sk-test';
  let app: TestApp;
  let stub: Awaited<ReturnType<typeof startFaultStub>>;
  const statusCalls = new Map<string, number[]>();
  const rows: string[] = [];

  beforeAll(async () => {
    stub = await startFaultStub((req) => {
      if (req.path === '/patent-search/export') {
        const fault = /^TTL:(.*)$/.exec(JSON.parse(req.body).query_text)?.[1] ?? 'unknown';
        return { json: { data: { task_id: `task-${fault}`, count: 5 }, status: true, error_code: 0 } };
      }
      const taskId = req.query.get('task_id') ?? '';
      statusCalls.set(taskId, [...(statusCalls.get(taskId) ?? []), Date.now()]);
      return { fault: taskId.replace(/^task-/, '') as Fault, wrongShape: patsnapWrongShape };
    });
    app = await startApp({
      SANDBOX: 'off',
      AUTH: 'none',
      PATSNAP_BASE_URL: stub.url,
      PATSNAP_API_KEY: API_KEY,
      PATSNAP_TIMEOUT_MS: String(TIMEOUT_MS),
      POLL_MAX_FAILURES: '3',
    });
  });
  afterAll(async () => {
    console.log(
      [
        'through the gateway (POLL_MAX_FAILURES=3)',
        '| fault | status calls | pollCount | final status | error | elapsed |',
        '| --- | --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n'),
    );
    await app?.close();
    await stub?.close();
    removeTempDirs();
  });

  it.each(FAULTS.map((fault) => [fault]))(
    '%s: polled 3 times, then FAILED with VENDOR_UNAVAILABLE',
    async (fault) => {
      const started = Date.now();
      const { task } = (
        await executeOk(app.url, StartPatentExport, {
          input: { queryText: `TTL:${fault}`, fields: ['PN'], exportType: 'CSV', rows: 5 },
        })
      ).startPatentExport;
      expect(task.status).toBe('RUNNING');

      const seen: { status: string; pollCount: number }[] = [];
      let current = task;
      while (Date.now() - started < 20_000) {
        current = (await executeOk(app.url, GetTask, { id: task.id })).task ?? current;
        seen.push({ status: current.status, pollCount: current.pollCount });
        if (current.status !== 'RUNNING') break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const calls = statusCalls.get(`task-${fault}`) ?? [];
      rows.push(
        `| ${FAULT_LABELS[fault]} | ${calls.length} | ${current.pollCount} | ${current.status} | ${current.error?.code ?? '-'} (retryable: ${current.error?.retryable ?? '-'}) | ${Date.now() - started} ms |`,
      );

      expect(current.status).toBe('FAILED');
      expect(current.error).toMatchObject({ code: 'VENDOR_UNAVAILABLE', retryable: true });
      expect(current.error?.message).toMatch(/^Vendor unavailable after 3 attempts: PatSnap: /);
      for (const secret of [API_KEY, stub.url, '127.0.0.1'])
        expect(current.error?.message).not.toContain(secret);
      // Every failure was a poll of its own, each after a back-off, and nothing was polled after the end.
      expect(current.pollCount).toBe(3);
      expect(calls).toHaveLength(3);
      for (let i = 1; i < calls.length; i++)
        expect((calls[i] ?? 0) - (calls[i - 1] ?? 0)).toBeGreaterThan(20);
      // While it was failing it stayed RUNNING, its poll count only going up.
      const running = seen.filter((s) => s.status === 'RUNNING').map((s) => s.pollCount);
      expect(running).toEqual([...running].sort((a, b) => a - b));
      expect(running.every((n) => n < 3)).toBe(true);
      // One terminal transition, the last one.
      const statuses = current.history.map((h) => h.status);
      expect(statuses.at(-1)).toBe('FAILED');
      expect(statuses.filter((st) => st === 'FAILED' || st === 'SUCCEEDED')).toEqual(['FAILED']);
      await new Promise((r) => setTimeout(r, 300));
      expect(statusCalls.get(`task-${fault}`)).toHaveLength(3);
    },
  );
});
