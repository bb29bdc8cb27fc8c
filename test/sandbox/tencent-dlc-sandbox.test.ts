import { describe, expect, it } from 'vitest';
import { presignCosGetUrl } from '../../src/vendors/tencent-dlc/cos-presign.js';
import { type DlcSandbox, dlcSandboxCosOrigin } from '../../src/vendors/tencent-dlc/sandbox/index.js';
import {
  DLC_BASE_PATH as BASE_PATH,
  type CloudHarness,
  cloudSandboxes,
  signedDlcCall,
  TASK_MS,
} from '../support/cloud-sandboxes.js';

/** The DLC sandbox's wire protocol and COS endpoint, driven by hand-signed requests. */

const { startDlc } = cloudSandboxes();

/** POSTs one call signed for the sandbox `h` (headers may override the signed ones) and reads its `Response`. */
function apiOf(h: CloudHarness<DlcSandbox>) {
  return async (action: string, payload: unknown, headers: Record<string, string> = {}) => {
    const body = JSON.stringify(payload);
    const s = signedDlcCall(h.host, action, body, h.clock.now);
    const res = await fetch(`${h.endpoint}/`, {
      method: 'POST',
      headers: { ...s.headers, ...headers },
      body,
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { Response: Record<string, unknown> }).Response;
  };
}

type PresignInput = Parameters<typeof presignCosGetUrl>[0];

/**
 * A URL to the result of `described` (a DescribeResultDownload answer) in the sandbox `h`, presigned
 * with its temporary credentials for the next minute; `overrides` change any input.
 */
function presign(
  h: CloudHarness<DlcSandbox>,
  described: Record<string, unknown>,
  overrides: Partial<PresignInput> = {},
) {
  return presignCosGetUrl({
    bucket: 'dlc-result-1250000000',
    region: 'ap-guangzhou',
    key: String(described.Path).replace('cosn://dlc-result-1250000000/', ''),
    secretId: String(described.SecretId),
    secretKey: String(described.SecretKey),
    token: String(described.Token),
    startSeconds: h.clock.now / 1000,
    endSeconds: h.clock.now / 1000 + 60,
    origin: dlcSandboxCosOrigin(h.origin, BASE_PATH)('dlc-result-1250000000'),
    ...overrides,
  });
}

describe('DLC sandbox protocol', () => {
  it('answers in the Response envelope and hands out scoped temporary COS credentials', async () => {
    const h = await startDlc();
    const api = apiOf(h);
    const { clock } = h;
    const created = await api('CreateResultDownload', { TaskId: 'abc', Format: 'CSV' });
    expect(Object.keys(created).sort()).toEqual(['DownloadId', 'RequestId']);
    clock.now += TASK_MS;
    const d = await api('DescribeResultDownload', { DownloadId: created.DownloadId });
    expect(d).toMatchObject({ Status: 'success', Reason: '' });
    expect(String(d.Path)).toMatch(
      /^cosn:\/\/dlc-result-1250000000\/dlc\/DLCQueryResults\/2025\/01\/15\/abc\/download\/download-[0-9a-f]{5}\.csv$/,
    );
    const key = String(d.Path).replace('cosn://dlc-result-1250000000/', '');
    expect((await fetch(presign(h, d))).status).toBe(200);

    const noToken = await fetch(presign(h, d, { token: undefined }));
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain('<Code>InvalidAccessKeyId</Code>');
    const otherKey = await fetch(presign(h, d, { key: key.replace('.csv', '-x.csv') }));
    expect(otherKey.status).toBe(403);
    expect(await otherKey.text()).toContain('<Code>AccessDenied</Code>');
    const wrongSecret = await fetch(presign(h, d, { secretKey: 'guess' }));
    expect(await wrongSecret.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const forgedAk = await fetch(presign(h, d, { secretId: 'AKIDforged' }));
    expect(await forgedAk.text()).toContain('<Code>InvalidAccessKeyId</Code>');
  });

  it('rejects a token that is not the one issued with the temporary key', async () => {
    const h = await startDlc();
    const api = apiOf(h);
    const { clock } = h;
    const created = await api('CreateResultDownload', { TaskId: 'abc', Format: 'CSV' });
    clock.now += TASK_MS;
    const a = await api('DescribeResultDownload', { DownloadId: created.DownloadId });
    clock.now += TASK_MS;
    const b = await api('DescribeResultDownload', { DownloadId: created.DownloadId });
    const url = presign(h, a, { token: String(b.Token) });
    expect((await fetch(url)).status).toBe(403);
  });

  it('reports errors for bad credentials, versions and parameters', async () => {
    const api = apiOf(await startDlc());
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
