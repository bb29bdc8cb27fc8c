import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  parseTc3Authorization,
  sha256Hex,
  signTc3,
  tc3CanonicalHeaders,
  tc3CanonicalRequest,
  tc3SigningKey,
  tc3StringToSign,
} from '../../src/vendors/tencent-dlc/signer.js';

// The exact bytes of the doc's body, `\u` escapes kept literal.
const DOC_BODY = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';

describe('TC3-HMAC-SHA256 (src/vendors/tencent-dlc/README.md §3.4)', () => {
  it("reproduces Tencent's worked example byte for byte", () => {
    const signed = signTc3({
      host: 'cvm.tencentcloudapi.com',
      service: 'cvm',
      action: 'DescribeInstances',
      version: '2017-03-12',
      region: 'ap-guangzhou',
      body: DOC_BODY,
      contentType: 'application/json; charset=utf-8',
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      timestamp: 1551113065,
    });
    expect(sha256Hex(DOC_BODY)).toBe('35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064');
    expect(signed.canonicalRequest).toBe(
      [
        'POST',
        '/',
        '',
        'content-type:application/json; charset=utf-8',
        'host:cvm.tencentcloudapi.com',
        '',
        'content-type;host',
        '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
      ].join('\n'),
    );
    expect(sha256Hex(signed.canonicalRequest)).toBe(
      '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
    expect(signed.stringToSign).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
    expect(tc3SigningKey('Gu5t9xGARNpq86cd98joQYCN3EXAMPLE', '2019-02-25', 'cvm').toString('hex')).toBe(
      'ac658d5dde49e9bfdd14e04e062f66b05d9f637d44b8a8d845327d4a77f666b1',
    );
    expect(signed.signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(signed.headers.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
    expect(signed.headers).toMatchObject({
      'x-tc-action': 'DescribeInstances',
      'x-tc-version': '2017-03-12',
      'x-tc-region': 'ap-guangzhou',
      'x-tc-timestamp': '1551113065',
    });
    expect(signed.headers['x-tc-token']).toBeUndefined();
  });

  it('derives keys as an independent step-by-step computation does, and sends the token', () => {
    const body = '{"TaskId":"t1","Format":"CSV"}';
    const signed = signTc3({
      host: 'dlc.tencentcloudapi.com',
      service: 'dlc',
      action: 'CreateResultDownload',
      version: '2021-01-25',
      region: 'ap-guangzhou',
      body,
      secretId: 'id',
      secretKey: 'key',
      token: 'sts-token',
      timestamp: 1_700_000_000,
    });
    const h = (k: string | Buffer, d: string) => createHmac('sha256', k).update(d).digest();
    const canonical = `POST\n/\n\ncontent-type:application/json\nhost:dlc.tencentcloudapi.com\n\ncontent-type;host\n${createHash('sha256').update(body).digest('hex')}`;
    const sts = `TC3-HMAC-SHA256\n1700000000\n2023-11-14/dlc/tc3_request\n${createHash('sha256').update(canonical).digest('hex')}`;
    const key = h(h(h('TC3key', '2023-11-14'), 'dlc'), 'tc3_request');
    expect(signed.canonicalRequest).toBe(canonical);
    expect(signed.signature).toBe(createHmac('sha256', key).update(sts).digest('hex'));
    expect(signed.headers['x-tc-token']).toBe('sts-token');
    expect(parseTc3Authorization(signed.authorization)).toEqual({
      secretId: 'id',
      date: '2023-11-14',
      service: 'dlc',
      signedHeaders: ['content-type', 'host'],
      signature: signed.signature,
    });
  });

  it('canonicalizes any signed header list the way the server recomputes it', () => {
    const headers = tc3CanonicalHeaders(
      { Host: ' H.example ', 'Content-Type': 'Application/JSON', 'X-TC-Action': 'A' },
      ['x-tc-action', 'host', 'content-type'],
    );
    expect(headers.signedHeaders).toBe('content-type;host;x-tc-action');
    expect(headers.canonical).toBe('content-type:application/json\nhost:h.example\nx-tc-action:a\n');
    const cr = tc3CanonicalRequest({ method: 'post', headers, body: '' });
    expect(tc3StringToSign(0, 'dlc', cr).split('\n')[2]).toBe('1970-01-01/dlc/tc3_request');
    expect(parseTc3Authorization('TC3-HMAC-SHA256 Credential=a/b/c, Signature=x')).toBeUndefined();
  });
});
