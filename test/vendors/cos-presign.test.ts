import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cosAuthorization,
  cosSignature,
  cosUrlEncode,
  parseCosnPath,
  presignCosGetUrl,
} from '../../src/vendors/tencent-dlc/cos-presign.js';

// COS "Request Signature" doc (tencentcloud.com/document/product/436/7778), "Use Case" section.
const DOC_ID = 'AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q';
const DOC_KEY = 'BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz';
const DOC_HOST = 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com';

describe('COS request signature', () => {
  it("reproduces the doc's upload example (PUT, seven signed headers)", () => {
    const sig = cosSignature({
      method: 'PUT',
      // The English page prints "(tencentcloud)"; the signature is over the original UTF-8 name.
      pathname: '/exampleobject(腾讯云)',
      params: [],
      headers: [
        ['Date', 'Thu, 16 May 2019 06:45:51 GMT'],
        ['Host', DOC_HOST],
        ['Content-Type', 'text/plain'],
        ['Content-Length', '13'],
        ['Content-MD5', 'mQ/fVh815F3k6TAUm8m0eg=='],
        ['x-cos-acl', 'private'],
        ['x-cos-grant-read', 'uin="100000000011"'],
      ],
      secretKey: DOC_KEY,
      keyTime: '1557989151;1557996351',
    });
    expect(sig.signKey).toBe('eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f');
    expect(sig.headerList).toBe(
      'content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read',
    );
    expect(sig.stringToSign).toBe('sha1\n1557989151;1557996351\n8b2751e77f43a0995d6e9eb9477f4b685cca4172\n');
    expect(sig.signature).toBe('3b8851a11a569213c17ba8fa7dcf2abec6935172');
    expect(cosAuthorization(DOC_ID, '1557989151;1557996351', sig)).toBe(
      `q-sign-algorithm=sha1&q-ak=${DOC_ID}&q-sign-time=1557989151;1557996351&q-key-time=1557989151;1557996351&q-header-list=content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read&q-url-param-list=&q-signature=3b8851a11a569213c17ba8fa7dcf2abec6935172`,
    );
  });

  it("reproduces the doc's download example (GET with response-* parameters)", () => {
    const sig = cosSignature({
      method: 'GET',
      pathname: '/exampleobject(腾讯云)',
      params: [
        ['response-content-type', 'application/octet-stream'],
        ['response-cache-control', 'max-age=600'],
      ],
      headers: [
        ['Date', 'Thu, 16 May 2019 06:55:53 GMT'],
        ['Host', DOC_HOST],
      ],
      secretKey: DOC_KEY,
      keyTime: '1557989753;1557996953',
    });
    expect(sig.signKey).toBe('937914bf490e9e8c189836aad2052e4feeb35eaf');
    expect(sig.urlParamList).toBe('response-cache-control;response-content-type');
    expect(sig.stringToSign).toBe('sha1\n1557989753;1557996953\n54ecfe22f59d3514fdc764b87a32d8133ea611e6\n');
    expect(sig.signature).toBe('01681b8c9d798a678e43b685a9f1bba0f6c0e012');
  });

  it('presigns a GET URL that an independent step-by-step computation agrees with', () => {
    const url = new URL(
      presignCosGetUrl({
        bucket: 'dlc-1250000000',
        region: 'ap-guangzhou',
        key: 'dlc/results/2024/*/download (1).csv',
        secretId: 'AKIDtmp',
        secretKey: 'tmpkey',
        token: 'tok+/=',
        startSeconds: 1_700_000_000,
        endSeconds: 1_700_003_600,
      }),
    );
    expect(url.origin).toBe('https://dlc-1250000000.cos.ap-guangzhou.myqcloud.com');
    expect(url.pathname).toBe('/dlc/results/2024/%2A/download%20%281%29.csv');
    const q = url.searchParams;
    expect(q.get('q-sign-algorithm')).toBe('sha1');
    expect(q.get('q-ak')).toBe('AKIDtmp');
    expect(q.get('q-key-time')).toBe('1700000000;1700003600');
    expect(q.get('q-header-list')).toBe('host');
    expect(q.get('q-url-param-list')).toBe('x-cos-security-token');
    expect(q.get('x-cos-security-token')).toBe('tok+/=');

    // Written out from the doc, without the module's helpers.
    const keyTime = '1700000000;1700003600';
    const signKey = createHmac('sha1', 'tmpkey').update(keyTime).digest('hex');
    const httpString = `get\n/dlc/results/2024/*/download (1).csv\nx-cos-security-token=tok%2B%2F%3D\nhost=dlc-1250000000.cos.ap-guangzhou.myqcloud.com\n`;
    const stringToSign = `sha1\n${keyTime}\n${createHash('sha1').update(httpString).digest('hex')}\n`;
    expect(q.get('q-signature')).toBe(createHmac('sha1', signKey).update(stringToSign).digest('hex'));
  });

  it('uses an origin override (the sandbox COS endpoint) and signs its host', () => {
    const url = presignCosGetUrl({
      bucket: 'b',
      region: 'r',
      key: 'k.csv',
      secretId: 'id',
      secretKey: 's',
      startSeconds: 1,
      endSeconds: 2,
      origin: 'http://127.0.0.1:9999/sandbox/tencent-dlc/cos/b/',
    });
    expect(
      url.startsWith('http://127.0.0.1:9999/sandbox/tencent-dlc/cos/b/k.csv?q-sign-algorithm=sha1&'),
    ).toBe(true);
    expect(new URL(url).searchParams.get('q-url-param-list')).toBe('');
  });

  it('parses cosn:// paths and encodes like the doc table', () => {
    expect(parseCosnPath('cosn://geoli-test/dlc/a/*/b.csv')).toEqual({
      bucket: 'geoli-test',
      key: 'dlc/a/*/b.csv',
    });
    expect(parseCosnPath('https://x/y')).toBeUndefined();
    expect(parseCosnPath('cosn://bucket-only')).toBeUndefined();
    expect(cosUrlEncode(' !"#$%&\'()*+,/:;<=>?@[\\]^`{|}')).toBe(
      '%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E%60%7B%7C%7D',
    );
  });
});
