import { describe, expect, it } from 'vitest';
import { createDlcSandbox, dlcSandboxCosOrigin } from '../../src/sandbox/tencent-dlc/index.js';
import { presignCosGetUrl } from '../../src/vendors/tencent-dlc/cos-presign.js';
import { signTc3 } from '../../src/vendors/tencent-dlc/signer.js';
import { sandboxServers } from '../support/sandbox-server.js';

/** The DLC sandbox's wire protocol and COS endpoint, driven by hand-signed requests. */

const BASE_PATH = '/sandbox/tencent-dlc';
const START = Date.UTC(2025, 2, 1, 8, 0, 0);

const { listen } = sandboxServers();

async function start() {
  const clock = { now: START };
  let origin = '';
  const sandbox = createDlcSandbox({
    basePath: BASE_PATH,
    publicOrigin: () => origin,
    taskMs: 1000,
    qps: 100,
    secret: 's',
    secretId: 'AKIDperm',
    secretKey: 'permkey',
    now: () => clock.now,
  });
  const host = await listen((req, res) => void sandbox.handle(req, res));
  origin = `http://${host}`;
  const api = async (action: string, payload: unknown, headers: Record<string, string> = {}) => {
    const body = JSON.stringify(payload);
    const s = signTc3({
      host,
      service: 'dlc',
      action,
      version: '2021-01-25',
      region: 'ap-guangzhou',
      body,
      secretId: 'AKIDperm',
      secretKey: 'permkey',
      timestamp: Math.floor(clock.now / 1000),
    });
    const res = await fetch(`${origin}${BASE_PATH}/`, {
      method: 'POST',
      headers: { ...s.headers, ...headers },
      body,
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { Response: Record<string, unknown> }).Response;
  };
  return { sandbox, origin, host, clock, api };
}

describe('DLC sandbox protocol', () => {
  it('answers in the Response envelope and hands out scoped temporary COS credentials', async () => {
    const { api, clock, origin } = await start();
    const created = await api('CreateResultDownload', { TaskId: 'abc', Format: 'CSV' });
    expect(Object.keys(created).sort()).toEqual(['DownloadId', 'RequestId']);
    clock.now += 1000;
    const d = await api('DescribeResultDownload', { DownloadId: created.DownloadId });
    expect(d).toMatchObject({ Status: 'success', Reason: '' });
    expect(String(d.Path)).toMatch(
      /^cosn:\/\/dlc-result-1250000000\/dlc\/DLCQueryResults\/2025\/03\/01\/abc\/download\/download-[0-9a-f]{5}\.csv$/,
    );
    const key = String(d.Path).replace('cosn://dlc-result-1250000000/', '');
    const cosOrigin = dlcSandboxCosOrigin(origin, BASE_PATH);
    const presign = (overrides: Partial<Parameters<typeof presignCosGetUrl>[0]> = {}) =>
      presignCosGetUrl({
        bucket: 'dlc-result-1250000000',
        region: 'ap-guangzhou',
        key,
        secretId: String(d.SecretId),
        secretKey: String(d.SecretKey),
        token: String(d.Token),
        startSeconds: clock.now / 1000,
        endSeconds: clock.now / 1000 + 60,
        origin: cosOrigin('dlc-result-1250000000'),
        ...overrides,
      });
    expect((await fetch(presign())).status).toBe(200);

    const noToken = await fetch(presign({ token: undefined }));
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain('<Code>InvalidAccessKeyId</Code>');
    const otherKey = await fetch(presign({ key: key.replace('.csv', '-x.csv') }));
    expect(otherKey.status).toBe(403);
    expect(await otherKey.text()).toContain('<Code>AccessDenied</Code>');
    const wrongSecret = await fetch(presign({ secretKey: 'guess' }));
    expect(await wrongSecret.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const forgedAk = await fetch(presign({ secretId: 'AKIDforged' }));
    expect(await forgedAk.text()).toContain('<Code>InvalidAccessKeyId</Code>');
  });

  it('rejects a token that is not the one issued with the temporary key', async () => {
    const { api, clock, origin } = await start();
    const created = await api('CreateResultDownload', { TaskId: 'abc', Format: 'CSV' });
    clock.now += 1000;
    const a = await api('DescribeResultDownload', { DownloadId: created.DownloadId });
    clock.now += 1000;
    const b = await api('DescribeResultDownload', { DownloadId: created.DownloadId });
    const key = String(a.Path).replace('cosn://dlc-result-1250000000/', '');
    const url = presignCosGetUrl({
      bucket: 'dlc-result-1250000000',
      region: 'r',
      key,
      secretId: String(a.SecretId),
      secretKey: String(a.SecretKey),
      token: String(b.Token),
      startSeconds: clock.now / 1000,
      endSeconds: clock.now / 1000 + 60,
      origin: dlcSandboxCosOrigin(origin, BASE_PATH)('dlc-result-1250000000'),
    });
    expect((await fetch(url)).status).toBe(403);
  });

  it('reports errors for bad credentials, versions and parameters', async () => {
    const { api } = await start();
    expect(await api('CreateResultDownload', { TaskId: 'abc' })).toMatchObject({
      Error: { Code: 'MissingParameter' },
    });
    expect(
      await api('CreateResultDownload', { TaskId: 'abc', Format: 'CSV' }, { 'x-tc-version': '2017-03-12' }),
    ).toMatchObject({
      Error: { Code: 'NoSuchVersion' },
    });
    expect(await api('DescribeResultDownload', { DownloadId: 'x.y' })).toMatchObject({
      Error: { Code: 'ResourceNotFound' },
    });
    expect(await api('Nope', {})).toMatchObject({ Error: { Code: 'InvalidAction' } });
    // Content-Type is signed: changing it in transit breaks the signature.
    expect(
      await api('CreateResultDownload', { TaskId: 'abc', Format: 'CSV' }, { 'content-type': 'text/plain' }),
    ).toMatchObject({
      Error: { Code: 'AuthFailure.SignatureFailure' },
    });
    expect(
      await api('CreateResultDownload', { TaskId: 'abc', Format: 'CSV' }, { authorization: 'Bearer x' }),
    ).toMatchObject({
      Error: { Code: 'AuthFailure.InvalidAuthorization' },
    });
  });
});
