import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import openApiUtil from '@alicloud/openapi-util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ReceivedAcs3Request, verifyAcs3 } from '../../src/vendors/aliyun-dms/sandbox/verify-acs3.js';
import { signAcs3 } from '../../src/vendors/aliyun-dms/signer.js';
import { cjsDefault } from '../support/cjs-default.js';
import { changeChar, changeSignatureDigit, flipByte } from '../support/one-byte-tamper.js';

/**
 * The DMS sandbox's ACS3-HMAC-SHA256 verifier against an independent reference: Alibaba Cloud's
 * official SDK helper (`@alicloud/openapi-util` `getAuthorization`) signs random requests, which must
 * verify, and must not once any byte the signature covers is changed. Also the doc's vector A.
 */

/** The SDK's `Client` of static helpers. */
const OpenApiUtil = cjsDefault(openApiUtil);

const NOW = Date.UTC(2025, 0, 15, 10, 0, 0);
const KEY = { id: 'LTAI5tVerifierTestKey', secret: 'VerifierTestKeySecret' };

const verifier = {
  secretOf: (id: string) => (id === KEY.id ? KEY.secret : undefined),
  claimNonce: async () => true,
};

interface RandomCall {
  method: 'POST' | 'GET';
  host: string;
  action: string;
  /** Seconds from NOW, inside the 15-minute window. */
  skew: number;
  nonce: string;
  query: Record<string, string>;
  /** More headers the SDK signs (`x-acs-*`, `content-type`). */
  extra: Record<string, string>;
  body: string;
}

const headerValue = fc.string({ unit: fc.constantFrom(...' !#%+,-./:;=?@_abcXYZ019~'), maxLength: 24 });

const randomCall: fc.Arbitrary<RandomCall> = fc.record({
  method: fc.constantFrom('POST', 'GET'),
  host: fc.constantFrom(
    'dms-enterprise.cn-hangzhou.aliyuncs.com',
    'dms-enterprise.aliyuncs.com',
    '127.0.0.1:4000',
  ),
  action: fc.constantFrom('DownloadDataTrackResult', 'QueryDataTrackResultDownloadStatus', 'Other'),
  skew: fc.integer({ min: -14 * 60, max: 14 * 60 }),
  nonce: fc.stringMatching(/^[0-9a-f]{32}$/),
  // Parameter names as the vendor's APIs have them; values anything (JSON lists, CJK, reserved characters).
  query: fc.dictionary(fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,15}$/), fc.string({ unit: 'grapheme' }), {
    maxKeys: 6,
  }),
  extra: fc.dictionary(
    fc.oneof(fc.stringMatching(/^x-acs-[a-z][a-z0-9-]{0,10}$/), fc.constant('content-type')),
    headerValue,
    { maxKeys: 3 },
  ),
  body: fc.string({ unit: 'grapheme', maxLength: 40 }),
});

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What the reference's signed request looks like on arrival (names lowercased, query encoded). */
function signedBySdk(call: RandomCall): ReceivedAcs3Request {
  const headers: Record<string, string> = {
    ...call.extra,
    host: call.host,
    'x-acs-action': call.action,
    'x-acs-version': '2018-11-01',
    'x-acs-date': `${new Date(NOW + call.skew * 1000).toISOString().slice(0, 19)}Z`,
    'x-acs-signature-nonce': call.nonce,
    'x-acs-content-sha256': sha256Hex(call.body),
  };
  const request = { pathname: '/', method: call.method, query: call.query, headers };
  headers.authorization = OpenApiUtil.getAuthorization(
    request as unknown as Parameters<typeof OpenApiUtil.getAuthorization>[0],
    'ACS3-HMAC-SHA256',
    headers['x-acs-content-sha256'] as string,
    KEY.id,
    KEY.secret,
  );
  const rawQuery = Object.entries(call.query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return { method: call.method, rawQuery, headers, body: Buffer.from(call.body) };
}

type Tamper = 'body' | 'query value' | 'signed header' | 'signature' | 'method';

/** `request` with one byte of what the signature covers changed. */
function tampered(request: ReceivedAcs3Request, what: Tamper, at: number): ReceivedAcs3Request {
  const headers: IncomingHttpHeaders = { ...request.headers };
  switch (what) {
    case 'body':
      return { ...request, body: flipByte(request.body, at) };
    case 'query value': {
      const entries = [...new URLSearchParams(request.rawQuery)];
      const i = entries.length === 0 ? 0 : at % entries.length;
      const [name, value] = entries[i] ?? ['Extra', ''];
      entries[i] = [name, changeChar(value, at)];
      return { ...request, rawQuery: new URLSearchParams(entries).toString() };
    }
    case 'signed header': {
      const names = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-signature-nonce'];
      const name = names[at % names.length] as string;
      headers[name] = changeChar(String(headers[name]), at);
      return { ...request, headers };
    }
    case 'signature':
      headers.authorization = changeSignatureDigit(String(headers.authorization), at);
      return { ...request, headers };
    case 'method':
      return { ...request, method: request.method === 'POST' ? 'GET' : 'POST' };
  }
}

describe('ACS3-HMAC-SHA256 verifier of the DMS sandbox', () => {
  it('accepts what the official SDK signs, for random requests', async () => {
    await fc.assert(
      fc.asyncProperty(randomCall, async (call) => {
        expect(await verifyAcs3(signedBySdk(call), NOW, verifier)).toEqual({ accessKeyId: KEY.id });
      }),
    );
  });

  it('refuses the same requests with any one byte of them changed', async () => {
    const tamper = fc.constantFrom<Tamper>('body', 'query value', 'signed header', 'signature', 'method');
    await fc.assert(
      fc.asyncProperty(randomCall, tamper, fc.nat(), async (call, what, at) => {
        const outcome = await verifyAcs3(tampered(signedBySdk(call), what, at), NOW, verifier);
        expect(outcome).toMatchObject({ refusal: { status: 400, code: 'SignatureDoesNotMatch' } });
      }),
    );
  });

  it("agrees with the adapter's signer (which the SDK does not vouch for) on the same requests", async () => {
    await fc.assert(
      fc.asyncProperty(randomCall, async (call) => {
        const adapter = signAcs3({
          method: call.method,
          host: call.host,
          query: call.query,
          headers: call.extra,
          body: call.body,
          action: call.action,
          version: '2018-11-01',
          accessKeyId: KEY.id,
          accessKeySecret: KEY.secret,
          date: new Date(NOW + call.skew * 1000),
          nonce: call.nonce,
        });
        expect(adapter.headers.authorization).toBe(signedBySdk(call).headers.authorization);
      }),
    );
  });

  it('verifies vector A of the V3 doc (ECS RunInstances), and shows its string to sign on a mismatch', async () => {
    const signedWith = (signature: string): ReceivedAcs3Request => ({
      method: 'POST',
      rawQuery: 'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
      headers: {
        host: 'ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action': 'RunInstances',
        'x-acs-version': '2014-05-26',
        'x-acs-date': '2023-10-26T10:22:32Z',
        'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
        'x-acs-content-sha256': sha256Hex(''),
        authorization: `ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=${signature}`,
      },
      body: Buffer.alloc(0),
    });
    const docKey = {
      secretOf: (id: string) => (id === 'YourAccessKeyId' ? 'YourAccessKeySecret' : undefined),
      claimNonce: async () => true,
    };
    const at = Date.parse('2023-10-26T10:22:32Z');
    const published = signedWith('06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0');
    expect(await verifyAcs3(published, at, docKey)).toEqual({ accessKeyId: 'YourAccessKeyId' });
    expect(await verifyAcs3(signedWith('0'), at, docKey)).toMatchObject({
      refusal: {
        code: 'SignatureDoesNotMatch',
        // The doc's SHA-256 of its canonical request.
        message: expect.stringContaining(
          'ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259',
        ),
      },
    });
  });

  it('refuses in the gateway order: form, headers, date, key, window, signed headers, then the nonce', async () => {
    const call: RandomCall = {
      method: 'POST',
      host: 'h',
      action: 'DownloadDataTrackResult',
      skew: 0,
      nonce: 'n',
      query: { OrderId: '1' },
      extra: {},
      body: '',
    };
    const request = signedBySdk(call);
    const withHeaders = (headers: IncomingHttpHeaders) => ({
      ...request,
      headers: { ...request.headers, ...headers },
    });
    const codeOf = async (r: ReceivedAcs3Request, now = NOW, claimNonce = async () => true) => {
      const outcome = await verifyAcs3(r, now, { ...verifier, claimNonce });
      return 'refusal' in outcome ? outcome.refusal.code : 'ok';
    };
    expect(await codeOf(withHeaders({ authorization: 'Bearer x' }))).toBe('IncompleteSignature');
    expect(await codeOf(withHeaders({ 'x-acs-signature-nonce': undefined }))).toBe('MissingParameter');
    expect(await codeOf(withHeaders({ 'x-acs-date': '2025-01-15 10:00:00' }))).toBe(
      'InvalidTimeStamp.Format',
    );
    expect(
      await codeOf(
        withHeaders({ authorization: String(request.headers.authorization).replace(KEY.id, 'LTAIother') }),
      ),
    ).toBe('InvalidAccessKeyId.NotFound');
    expect(await codeOf(request, NOW + 15 * 60_000 + 1)).toBe('InvalidTimeStamp.Expired');
    expect(
      await codeOf(
        withHeaders({ authorization: String(request.headers.authorization).replace(';x-acs-version', '') }),
      ),
    ).toBe('IncompleteSignature');
    expect(await codeOf(request, NOW, async () => false)).toBe('SignatureNonceUsed');
    expect(await codeOf(request)).toBe('ok');
  });
});
