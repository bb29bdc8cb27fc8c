import { describe, expect, it } from 'vitest';
import {
  createDlcClient,
  createQueryResultDownloadOperation,
  type DlcClientOptions,
} from '../../src/vendors/tencent-dlc/index.js';
import { type DlcSandbox, dlcSandboxCosOrigin } from '../../src/vendors/tencent-dlc/sandbox/index.js';
import {
  DLC_BASE_PATH as BASE_PATH,
  type CloudHarness,
  cloudSandboxes,
  DLC_KEY,
  START,
  TASK_MS,
} from '../support/cloud-sandboxes.js';
import { vendorError } from '../support/vendor-error.js';

/** The DLC adapter against the DLC sandbox (API and COS endpoint) over real HTTP. */

const SECRET_ID = DLC_KEY.secretId;
const SECRET_KEY = DLC_KEY.secretKey;

type Harness = CloudHarness<DlcSandbox>;

const { startDlc } = cloudSandboxes();

/** Rewrites the body of the next requests before the sandbox reads them (a man in the middle). */
function tamperBody(h: Harness, fn: ((body: Buffer) => Buffer) | undefined): void {
  h.tamper.fn = fn && ((url, body) => ({ url, body: fn(body) }));
}

function client(h: Harness, overrides: Partial<DlcClientOptions> = {}) {
  return createDlcClient({
    endpoint: h.endpoint,
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    region: 'ap-guangzhou',
    cosOrigin: dlcSandboxCosOrigin(h.origin, BASE_PATH),
    now: () => new Date(h.clock.now),
    ...overrides,
  });
}

const ref = (started: { vendorTaskId: string; params: Record<string, string> }) => ({
  vendorTaskId: started.vendorTaskId,
  params: started.params,
  createdAt: '',
});

describe('DLC adapter <-> sandbox', () => {
  it('walks init/queue -> format -> compress -> success; the minted COS URL downloads, then expires', async () => {
    const h = await startDlc();
    const op = createQueryResultDownloadOperation(client(h, { cosUrlTtlMs: 600_000 }));
    const started = await op.start({ taskId: '20aadca2d4b511ef9ffa525400ba9019' });
    expect(started.params).toEqual({ taskId: '20aadca2d4b511ef9ffa525400ba9019', format: 'CSV' });
    const seen: string[] = [];
    let url = '';
    for (const at of [0.05, 0.2, 0.4, 0.8, 1]) {
      h.clock.now = START + at * TASK_MS;
      const snap = await op.poll(ref(started));
      seen.push(`${snap.vendorStatus}->${snap.status}`);
      if (snap.status === 'SUCCEEDED') {
        url = snap.downloadUrl as string;
        expect(snap.downloadExpiresAt).toBe(new Date(START + TASK_MS + 600_000).toISOString());
      }
    }
    expect(seen).toEqual([
      'init->QUEUED',
      'queue->QUEUED',
      'format->RUNNING',
      'compress->RUNNING',
      'success->SUCCEEDED',
    ]);
    expect(
      url.startsWith(`${h.origin}${BASE_PATH}/cos/dlc-result-1250000000/dlc/DLCQueryResults/2025/01/15/`),
    ).toBe(true);

    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    const csv = await ok.text();
    expect(csv.split('\n')[0]).toBe('id,region,amount');
    expect(h.sandbox.stats.calls['cos.download']).toBe(1);

    // A tampered signature, a stretched validity, and the same URL after its q-sign-time.
    const tampered = new URL(url);
    const sig = tampered.searchParams.get('q-signature') as string;
    tampered.searchParams.set('q-signature', `${sig[0] === 'a' ? 'b' : 'a'}${sig.slice(1)}`);
    const bad = await fetch(tampered);
    expect(bad.status).toBe(403);
    expect(await bad.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const stretched = new URL(url);
    const [from, to] = (stretched.searchParams.get('q-sign-time') as string).split(';');
    stretched.searchParams.set('q-sign-time', `${from};${Number(to) + 3600}`);
    stretched.searchParams.set('q-key-time', `${from};${Number(to) + 3600}`);
    expect((await fetch(stretched)).status).toBe(403);
    h.clock.now = START + TASK_MS + 600_001;
    const late = await fetch(url);
    expect(late.status).toBe(403);
    expect(await late.text()).toMatch(/<Code>AccessDenied<\/Code>\s*<Message>Request has expired<\/Message>/);
  });

  it('renews an EXPIRED task with a fresh URL and regenerates a failed one with Force', async () => {
    const clock = { now: START };
    const h = await startDlc({}, clock);
    const op = createQueryResultDownloadOperation(client(h, { cosUrlTtlMs: 60_000 }));
    const started = await op.start({ taskId: 'q-SANDBOX_ERROR-1' });
    clock.now = START + TASK_MS;
    const failed = await op.poll(ref(started));
    expect(failed).toMatchObject({ status: 'FAILED', vendorStatus: 'error' });
    const renewed = await op.renew?.({ ...ref(started), status: 'FAILED', vendorStatus: 'error' });
    expect(renewed?.vendorTaskId).not.toBe(started.vendorTaskId);
    clock.now += TASK_MS;
    const done = await op.poll(ref(renewed as { vendorTaskId: string; params: Record<string, string> }));
    expect(done.status).toBe('SUCCEEDED');

    // The URL runs out; a sandbox restarted meanwhile still knows the download and re-mints it.
    clock.now += 60_001;
    expect((await fetch(done.downloadUrl as string)).status).toBe(403);
    const restarted = await startDlc({}, clock);
    const op2 = createQueryResultDownloadOperation(client(restarted, { cosUrlTtlMs: 60_000 }));
    const again = await op2.renew?.({ ...ref(renewed as never), status: 'EXPIRED', vendorStatus: 'success' });
    expect(again?.snapshot.status).toBe('SUCCEEDED');
    expect((await fetch(again?.snapshot.downloadUrl as string)).status).toBe(200);
  });

  it('re-signs once after AuthFailure.SignatureExpire, and a clock that is really off fails clearly', async () => {
    const h = await startDlc();
    h.sandbox.faults.inject({ operation: 'CreateResultDownload', kind: 'AuthFailure.SignatureExpire' });
    await expect(client(h).createResultDownload({ taskId: 't', format: 'CSV' })).resolves.toHaveProperty(
      'downloadId',
    );
    expect(h.sandbox.stats.calls.CreateResultDownload).toBe(2);

    const skewed = client(h, { now: () => new Date(h.clock.now + 6 * 60_000) });
    const error = await vendorError(skewed.createResultDownload({ taskId: 't', format: 'CSV' }));
    expect(error).toMatchObject({
      code: 'UNAUTHENTICATED',
      vendorCode: 'AuthFailure.SignatureExpire',
      transient: false,
    });
    expect(error.message).toMatch(/5 minutes.*clock/);
    expect(h.sandbox.stats.calls.CreateResultDownload).toBe(4);
    const near = client(h, { now: () => new Date(h.clock.now - 4 * 60_000) });
    await expect(near.createResultDownload({ taskId: 't', format: 'CSV' })).resolves.toBeDefined();
  });

  it('a wrong secret key and a tampered body fail with AuthFailure.SignatureFailure, no secret in the message', async () => {
    const h = await startDlc();
    const wrong = 'WrongSecretKeyThatMustNotLeak';
    const e1 = await vendorError(
      client(h, { secretKey: wrong }).createResultDownload({ taskId: 't', format: 'CSV' }),
    );
    expect(e1).toMatchObject({
      code: 'UNAUTHENTICATED',
      vendorCode: 'AuthFailure.SignatureFailure',
      transient: false,
    });
    expect(e1.message).toContain('check TENCENT_SECRET_KEY');
    for (const s of [wrong, SECRET_KEY, SECRET_ID]) expect(e1.message).not.toContain(s);

    tamperBody(h, (body) => Buffer.from(body.toString().replace('"t"', '"u"')));
    const e2 = await vendorError(client(h).createResultDownload({ taskId: 't', format: 'CSV' }));
    expect(e2).toMatchObject({ code: 'UNAUTHENTICATED', vendorCode: 'AuthFailure.SignatureFailure' });
    tamperBody(h, undefined);

    const e3 = await vendorError(
      client(h, { secretId: 'AKIDunknown' }).createResultDownload({ taskId: 't', format: 'CSV' }),
    );
    expect(e3).toMatchObject({ code: 'UNAUTHENTICATED', vendorCode: 'AuthFailure.SecretIdNotFound' });
  });

  it('requires the session token when the credential has one', async () => {
    const h = await startDlc({ token: 'session-token-1' });
    const e = await vendorError(client(h).createResultDownload({ taskId: 't', format: 'CSV' }));
    expect(e).toMatchObject({ code: 'UNAUTHENTICATED', vendorCode: 'AuthFailure.TokenFailure' });
    await expect(
      client(h, { token: 'session-token-1' }).createResultDownload({ taskId: 't', format: 'CSV' }),
    ).resolves.toBeDefined();
  });

  it('rejects calls above qps with RequestLimitExceeded (transient) and maps vendor parameter errors', async () => {
    const h = await startDlc({ qps: 20 });
    const c = client(h);
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, () => c.createResultDownload({ taskId: 't', format: 'CSV' })),
    );
    const rejected = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason);
    expect(rejected).toHaveLength(5);
    expect(rejected[0]).toMatchObject({
      code: 'RATE_LIMITED',
      transient: true,
      vendorCode: 'RequestLimitExceeded',
    });
    expect(h.sandbox.stats.rejectedForRate).toBe(5);
    h.clock.now += 1000;
    const e = await vendorError(c.createResultDownload({ taskId: 't', format: 'XLSX' }));
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', vendorCode: 'InvalidParameterValue' });
    const nf = await vendorError(c.describeResultDownload('forged.id'));
    expect(nf).toMatchObject({ code: 'NOT_FOUND', vendorCode: 'ResourceNotFound' });
  });
});
