import type { IncomingHttpHeaders } from 'node:http';
import fc from 'fast-check';
import sign from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js';
import { describe, expect, it } from 'vitest';
import { type ReceivedTc3Request, verifyTc3 } from '../../src/vendors/tencent-dlc/sandbox/verify-tc3.js';
import { signTc3 } from '../../src/vendors/tencent-dlc/signer.js';
import { cjsDefault } from '../support/cjs-default.js';
import { changeChar, changeSignatureDigit, flipByte } from '../support/one-byte-tamper.js';

/**
 * The DLC sandbox's TC3-HMAC-SHA256 verifier against an independent reference: Tencent Cloud's
 * official Node SDK signer (`tencentcloud-sdk-nodejs-common`, `Sign.sign3`) signs random calls, which
 * must verify, and must not once any byte the signature covers is changed. Also the doc's worked
 * example.
 */

/** The SDK's signer (an internal module of the SDK: its clients call it for every request). */
const Sign = cjsDefault(sign);

const NOW = Date.UTC(2025, 0, 15, 10, 0, 0);
const KEY = { id: 'AKIDverifierTestSecretId', secret: 'VerifierTestSecretKey' };
const verifier = { service: 'dlc', secretOf: (id: string) => (id === KEY.id ? KEY.secret : undefined) };

interface RandomCall {
  /** Without a port: the SDK signs the URL's hostname. */
  host: string;
  action: string;
  /** Lowercase, as the SDK sends it (it signs the value as given, the doc lowercases it). */
  contentType: string;
  /** Seconds from NOW, inside the 5-minute window. */
  skew: number;
  body: string;
}

const randomCall: fc.Arbitrary<RandomCall> = fc.record({
  host: fc.oneof(
    fc.constantFrom('dlc.tencentcloudapi.com', 'dlc.ap-guangzhou.tencentcloudapi.com'),
    fc.domain().map((d) => d.toLowerCase()),
  ),
  action: fc.constantFrom('CreateResultDownload', 'DescribeResultDownload'),
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
  skew: fc.integer({ min: -4 * 60, max: 4 * 60 }),
  body: fc.jsonValue().map((v) => JSON.stringify({ Params: v })),
});

/** What the reference's signed call looks like on arrival. */
function signedBySdk(call: RandomCall): ReceivedTc3Request {
  const timestamp = Math.floor(NOW / 1000) + call.skew;
  const body = Buffer.from(call.body);
  const authorization = Sign.sign3({
    method: 'POST',
    url: `https://${call.host}/`,
    payload: body,
    timestamp,
    service: 'dlc',
    secretId: KEY.id,
    secretKey: KEY.secret,
    multipart: false,
    boundary: '',
    headers: { 'Content-Type': call.contentType },
  });
  const headers: IncomingHttpHeaders = {
    host: call.host,
    'content-type': call.contentType,
    'x-tc-action': call.action,
    'x-tc-version': '2021-01-25',
    'x-tc-region': 'ap-guangzhou',
    'x-tc-timestamp': String(timestamp),
    authorization,
  };
  return { method: 'POST', query: '', headers, body };
}

/** The same call signed by the adapter's signer, as it arrives. */
function signedByAdapter(call: RandomCall): ReceivedTc3Request {
  const signed = signTc3({
    host: call.host,
    service: 'dlc',
    action: call.action,
    version: '2021-01-25',
    body: call.body,
    contentType: call.contentType,
    secretId: KEY.id,
    secretKey: KEY.secret,
    timestamp: Math.floor(NOW / 1000) + call.skew,
  });
  return {
    method: 'POST',
    query: '',
    headers: { ...signed.headers, host: call.host },
    body: Buffer.from(call.body),
  };
}

type Tamper = 'body' | 'content-type' | 'host' | 'timestamp' | 'signature';

/** `request` with one byte of what the signature covers changed. */
function tampered(request: ReceivedTc3Request, what: Tamper, at: number): ReceivedTc3Request {
  const headers = { ...request.headers };
  switch (what) {
    case 'body':
      return { ...request, body: flipByte(request.body, at) };
    case 'content-type':
    case 'host':
      headers[what] = changeChar(String(headers[what]), at);
      return { ...request, headers };
    case 'timestamp':
      headers['x-tc-timestamp'] = String(Number(headers['x-tc-timestamp']) + 1);
      return { ...request, headers };
    case 'signature':
      headers.authorization = changeSignatureDigit(String(headers.authorization), at);
      return { ...request, headers };
  }
}

describe('TC3-HMAC-SHA256 verifier of the DLC sandbox', () => {
  it('accepts what the official SDK signs, for random calls', () => {
    fc.assert(
      fc.property(randomCall, (call) => {
        expect(verifyTc3(signedBySdk(call), NOW, verifier)).toEqual({ secretId: KEY.id });
      }),
    );
  });

  it('refuses the same calls with any one byte of them changed', () => {
    const tamper = fc.constantFrom<Tamper>('body', 'content-type', 'host', 'timestamp', 'signature');
    fc.assert(
      fc.property(randomCall, tamper, fc.nat(), (call, what, at) => {
        const outcome = verifyTc3(tampered(signedBySdk(call), what, at), NOW, verifier);
        expect(outcome).toEqual({
          refusal: expect.objectContaining({ code: 'AuthFailure.SignatureFailure' }),
        });
      }),
    );
  });

  it("agrees with the adapter's signer (which the SDK does not vouch for) on the same calls", () => {
    fc.assert(
      fc.property(randomCall, (call) => {
        expect(signedByAdapter(call).headers.authorization).toBe(signedBySdk(call).headers.authorization);
      }),
    );
  });

  it("verifies the doc's worked example (CVM DescribeInstances)", () => {
    const body = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
    const request: ReceivedTc3Request = {
      method: 'POST',
      query: '',
      headers: {
        host: 'cvm.tencentcloudapi.com',
        'content-type': 'application/json; charset=utf-8',
        'x-tc-timestamp': '1551113065',
        authorization:
          'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
      },
      body: Buffer.from(body),
    };
    const docKey = {
      service: 'cvm',
      secretOf: (id: string) =>
        id === 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE' ? 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE' : undefined,
    };
    expect(verifyTc3(request, 1551113065_000, docKey)).toEqual({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
    });
    expect(verifyTc3({ ...request, body: flipByte(request.body, 0) }, 1551113065_000, docKey)).toMatchObject({
      refusal: { code: 'AuthFailure.SignatureFailure' },
    });
  });

  it('lowercases header values before signing, as the doc says (the SDK itself only sends lowercase ones)', () => {
    // The adapter's signer lowercases too; the headers arrive as sent, in mixed case.
    const call = {
      host: 'DLC.TencentCloudAPI.com',
      action: 'A',
      contentType: 'Application/JSON',
      skew: 0,
      body: '{}',
    };
    expect(verifyTc3(signedByAdapter(call), NOW, verifier)).toEqual({ secretId: KEY.id });
  });

  it('refuses in the gateway order: form, timestamp, key, window, signed headers, scope, then the token', () => {
    const call: RandomCall = {
      host: 'dlc.tencentcloudapi.com',
      action: 'CreateResultDownload',
      contentType: 'application/json',
      skew: 0,
      body: '{}',
    };
    const request = signedBySdk(call);
    const auth = String(request.headers.authorization);
    const withHeaders = (headers: IncomingHttpHeaders) => ({
      ...request,
      headers: { ...request.headers, ...headers },
    });
    const codeOf = (r: ReceivedTc3Request, now = NOW, token?: string) => {
      const outcome = verifyTc3(r, now, { ...verifier, token });
      return 'refusal' in outcome ? outcome.refusal.code : 'ok';
    };
    expect(codeOf(withHeaders({ authorization: 'Bearer x' }))).toBe('AuthFailure.InvalidAuthorization');
    expect(codeOf(withHeaders({ 'x-tc-timestamp': 'soon' }))).toBe('MissingParameter');
    expect(codeOf(withHeaders({ authorization: auth.replace(KEY.id, 'AKIDother') }))).toBe(
      'AuthFailure.SecretIdNotFound',
    );
    expect(codeOf(request, NOW + 5 * 60_000 + 1)).toBe('AuthFailure.SignatureExpire');
    expect(codeOf(withHeaders({ authorization: auth.replace('content-type;host', 'host') }))).toBe(
      'AuthFailure.InvalidAuthorization',
    );
    expect(codeOf(withHeaders({ authorization: auth.replace('/dlc/', '/cvm/') }))).toBe(
      'AuthFailure.SignatureFailure',
    );
    expect(codeOf(request, NOW, 'session-token')).toBe('AuthFailure.TokenFailure');
    expect(codeOf(withHeaders({ 'x-tc-token': 'session-token' }), NOW, 'session-token')).toBe('ok');
  });
});
