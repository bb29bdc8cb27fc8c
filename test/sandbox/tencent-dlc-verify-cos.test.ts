import type { IncomingHttpHeaders } from 'node:http';
import COS from 'cos-nodejs-sdk-v5';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { presignCosGetUrl } from '../../src/vendors/tencent-dlc/cos-presign.js';
import {
  cosSignatureMatches,
  type ReceivedCosRequest,
  readCosAuthorization,
} from '../../src/vendors/tencent-dlc/sandbox/verify-cos.js';
import { changeChar } from '../support/one-byte-tamper.js';

/**
 * The DLC sandbox's COS presigned-URL verifier against an independent reference: Tencent Cloud's
 * official COS SDK (`cos-nodejs-sdk-v5`, `COS.getAuthorization`) signs random GET/HEAD requests,
 * which must verify, and must not once any byte the signature covers is changed. Also the doc's
 * download example.
 */

const KEY = { id: 'AKIDverifierCosTmpId', secret: 'VerifierCosTmpKey' };

interface RandomGet {
  method: 'get' | 'head';
  /** The object key, decoded, without a leading slash. */
  key: string;
  /** Signed URL parameters (`x-cos-security-token`, `response-*`, ...). */
  params: Record<string, string>;
  /** Signed headers; `host` always. */
  headers: Record<string, string>;
  keyTime: string;
}

// Not `.` or `..`: URLs resolve those, so no client can send them as a key's segment.
const segment = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .filter((s) => !s.includes('/') && s !== '.' && s !== '..');
const headerValue = fc.string({ unit: fc.constantFrom(...' !#%+,-./:;=?@_abcXYZ019~'), maxLength: 24 });

const randomGet: fc.Arbitrary<RandomGet> = fc.record({
  method: fc.constantFrom('get', 'head'),
  key: fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/')),
  params: fc
    .dictionary(
      fc.oneof(
        fc.constantFrom(
          'x-cos-security-token',
          'response-content-type',
          'response-cache-control',
          'versionId',
        ),
        fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/),
      ),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      { maxKeys: 4 },
    )
    // One parameter per name, whatever its case.
    .filter(
      (params) =>
        new Set(Object.keys(params).map((n) => n.toLowerCase())).size === Object.keys(params).length,
    ),
  headers: fc.record(
    {
      host: fc.domain(),
      range: fc.nat().map((n) => `bytes=0-${n}`),
      'if-none-match': headerValue,
      'x-cos-traffic-limit': fc.nat().map(String),
    },
    { requiredKeys: ['host'] },
  ),
  keyTime: fc
    .tuple(fc.integer({ min: 1_500_000_000, max: 1_900_000_000 }), fc.nat(86_400))
    .map(([start, ttl]) => `${start};${start + ttl}`),
});

/** What the reference's presigned request looks like on arrival: its `q-*` next to the signed parameters. */
function signedBySdk(get: RandomGet): ReceivedCosRequest {
  const authorization = COS.getAuthorization({
    SecretId: KEY.id,
    SecretKey: KEY.secret,
    Method: get.method as COS.Method,
    Key: get.key,
    // Plain objects: the SDK calls their `hasOwnProperty`.
    Query: { ...get.params },
    Headers: { ...get.headers },
    KeyTime: get.keyTime,
  });
  const query = new URLSearchParams(get.params);
  for (const [name, value] of new URLSearchParams(authorization)) query.append(name, value);
  const headers: IncomingHttpHeaders = { ...get.headers };
  return { method: get.method.toUpperCase(), pathname: `/${get.key}`, query, headers };
}

function verifies(request: ReceivedCosRequest): boolean {
  const auth = readCosAuthorization(request.query);
  return auth !== undefined && auth.ak === KEY.id && cosSignatureMatches(request, auth, KEY.secret);
}

type Tamper = 'path' | 'signed parameter' | 'signed header' | 'signature' | 'method' | 'sign time';

/** `request` with one byte of what the signature covers changed. */
function tampered(request: ReceivedCosRequest, what: Tamper, at: number): ReceivedCosRequest {
  const query = new URLSearchParams(request.query);
  const change = (name: string) => query.set(name, changeChar(query.get(name) ?? '', at));
  const pick = (list: string) => {
    const names = (query.get(list) ?? '').split(';').filter((n) => n !== '');
    return names[at % Math.max(names.length, 1)];
  };
  switch (what) {
    case 'path':
      return { ...request, pathname: changeChar(request.pathname, at) };
    case 'signed parameter': {
      const name = pick('q-url-param-list');
      // Without signed parameters, sign one in that the request does not carry.
      if (name === undefined) query.set('q-url-param-list', 'versionid');
      else change([...query.keys()].find((n) => n.toLowerCase() === name) ?? name);
      return { ...request, query };
    }
    case 'signed header': {
      const name = pick('q-header-list') ?? 'host';
      return {
        ...request,
        headers: { ...request.headers, [name]: changeChar(String(request.headers[name]), at) },
      };
    }
    case 'signature':
      change('q-signature');
      return { ...request, query };
    case 'method':
      return { ...request, method: request.method === 'GET' ? 'HEAD' : 'GET' };
    case 'sign time':
      query.set(
        'q-sign-time',
        (query.get('q-sign-time') ?? '').replace(/\d$/, (d) => String((Number(d) + 1) % 10)),
      );
      return { ...request, query };
  }
}

describe('COS presigned-URL verifier of the DLC sandbox', () => {
  it('accepts what the official COS SDK signs, for random requests', () => {
    fc.assert(
      fc.property(randomGet, (get) => {
        expect(verifies(signedBySdk(get))).toBe(true);
      }),
    );
  });

  it('refuses the same requests with any one byte of them changed', () => {
    const tamper = fc.constantFrom<Tamper>(
      'path',
      'signed parameter',
      'signed header',
      'signature',
      'method',
      'sign time',
    );
    fc.assert(
      fc.property(randomGet, tamper, fc.nat(), (get, what, at) => {
        expect(verifies(tampered(signedBySdk(get), what, at))).toBe(false);
      }),
    );
  });

  it("accepts the adapter's presigned URLs (which the SDK does not vouch for) as they arrive", () => {
    fc.assert(
      fc.property(randomGet, fc.string({ unit: 'grapheme', maxLength: 20 }), (get, token) => {
        const [start, end] = get.keyTime.split(';').map(Number) as [number, number];
        const url = new URL(
          presignCosGetUrl({
            bucket: 'b-1250000000',
            region: 'ap-guangzhou',
            key: get.key,
            secretId: KEY.id,
            secretKey: KEY.secret,
            token,
            startSeconds: start,
            endSeconds: end,
          }),
        );
        const request = {
          method: 'GET',
          pathname: decodeURIComponent(url.pathname),
          query: url.searchParams,
          headers: { host: url.host },
        };
        expect(verifies(request)).toBe(true);
      }),
    );
  });

  it("verifies the doc's download example (GET with response-* parameters)", () => {
    const request: ReceivedCosRequest = {
      method: 'GET',
      pathname: '/exampleobject(腾讯云)',
      query: new URLSearchParams({
        'response-content-type': 'application/octet-stream',
        'response-cache-control': 'max-age=600',
        'q-sign-algorithm': 'sha1',
        'q-ak': 'AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q',
        'q-sign-time': '1557989753;1557996953',
        'q-key-time': '1557989753;1557996953',
        'q-header-list': 'date;host',
        'q-url-param-list': 'response-cache-control;response-content-type',
        'q-signature': '01681b8c9d798a678e43b685a9f1bba0f6c0e012',
      }),
      headers: {
        date: 'Thu, 16 May 2019 06:55:53 GMT',
        host: 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com',
      },
    };
    const auth = readCosAuthorization(request.query);
    expect(auth).toBeDefined();
    if (auth === undefined) return;
    expect(cosSignatureMatches(request, auth, 'BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz')).toBe(true);
    expect(
      cosSignatureMatches({ ...request, method: 'HEAD' }, auth, 'BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz'),
    ).toBe(false);
  });

  it('reads no authorization from a query missing a part of it or using another algorithm', () => {
    const full = signedBySdk({
      method: 'get',
      key: 'k',
      params: {},
      headers: { host: 'h' },
      keyTime: '1;2',
    }).query;
    expect(readCosAuthorization(full)).toMatchObject({ ak: KEY.id, signTime: '1;2', headerList: 'host' });
    for (const name of [
      'q-ak',
      'q-sign-time',
      'q-key-time',
      'q-signature',
      'q-header-list',
      'q-url-param-list',
    ]) {
      const partial = new URLSearchParams(full);
      partial.delete(name);
      expect(readCosAuthorization(partial), name).toBeUndefined();
    }
    const sha256 = new URLSearchParams(full);
    sha256.set('q-sign-algorithm', 'sha256');
    expect(readCosAuthorization(sha256)).toBeUndefined();
  });
});
