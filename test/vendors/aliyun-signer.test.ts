import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalQueryString,
  formatAcsDate,
  parseAcs3Authorization,
  percentEncode,
  sha256Hex,
  signAcs3,
} from '../../src/vendors/aliyun-dms/signer.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('ACS3-HMAC-SHA256 (src/vendors/aliyun-dms/README.md §2.4)', () => {
  it('reproduces vector A (Alibaba V3 doc, ECS RunInstances) byte for byte', () => {
    const signed = signAcs3({
      method: 'POST',
      host: 'ecs.cn-shanghai.aliyuncs.com',
      action: 'RunInstances',
      version: '2014-05-26',
      query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
      accessKeyId: 'YourAccessKeyId',
      accessKeySecret: 'YourAccessKeySecret',
      date: new Date('2023-10-26T10:22:32Z'),
      nonce: '3156853299f313e23d1673dc12e1703d',
    });
    expect(signed.canonicalRequest).toBe(
      [
        'POST',
        '/',
        'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        'host:ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action:RunInstances',
        `x-acs-content-sha256:${EMPTY_SHA256}`,
        'x-acs-date:2023-10-26T10:22:32Z',
        'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d',
        'x-acs-version:2014-05-26',
        '',
        'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
        EMPTY_SHA256,
      ].join('\n'),
    );
    expect(sha256Hex(signed.canonicalRequest)).toBe(
      '7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259',
    );
    expect(signed.signature).toBe('06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0');
    expect(signed.headers.authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    );
    expect(signed.headers.host).toBeUndefined();
  });

  it('reproduces the hash helper test value', () => {
    expect(sha256Hex('test')).toBe('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08');
  });

  it('percent-encodes exactly RFC 3986 (the V2 doc StringToSign encoding)', () => {
    expect(percentEncode("a b!'()*~-_.+/:")).toBe('a%20b%21%27%28%29%2A~-_.%2B%2F%3A');
    expect(percentEncode('["table2"]')).toBe('%5B%22table2%22%5D');
    expect(percentEncode('未命名')).toBe('%E6%9C%AA%E5%91%BD%E5%90%8D');
    // The V2 doc vector's StringToSign embeds the canonical query encoded once more.
    const v2Query = canonicalQueryString(
      Object.entries({
        AccessKeyId: 'testid',
        Action: 'DescribeRegions',
        Format: 'XML',
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
        SignatureVersion: '1.0',
        Timestamp: '2016-02-23T12:46:24Z',
        Version: '2014-05-26',
      }),
    );
    const stringToSign = `GET&${percentEncode('/')}&${percentEncode(v2Query)}`;
    expect(createHmac('sha1', 'testsecret&').update(stringToSign).digest('base64')).toBe(
      'OLeaidS1JvxuMvnyHOwuJ+uX5qY=',
    );
  });

  it('signs the exact body bytes and JSON-encoded list parameters as they go on the wire', () => {
    const body = '{"a":"ü"}';
    const signed = signAcs3({
      method: 'POST',
      host: 'dms-enterprise.cn-hangzhou.aliyuncs.com',
      action: 'DownloadDataTrackResult',
      version: '2018-11-01',
      query: [
        ['OrderId', '406'],
        ['FilterTableList', '["table2"]'],
        ['Empty', ''],
      ],
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body,
      accessKeyId: 'id',
      accessKeySecret: 'secret',
      date: new Date('2024-01-01T00:00:00.999Z'),
      nonce: 'n1',
    });
    expect(signed.queryString).toBe('Empty=&FilterTableList=%5B%22table2%22%5D&OrderId=406');
    expect(signed.headers['x-acs-content-sha256']).toBe(
      createHash('sha256').update(Buffer.from(body)).digest('hex'),
    );
    expect(signed.headers['x-acs-date']).toBe('2024-01-01T00:00:00Z');
    expect(signed.canonicalRequest.split('\n')[3]).toBe('content-type:application/json; charset=utf-8');
    expect(parseAcs3Authorization(signed.headers.authorization)).toEqual({
      accessKeyId: 'id',
      signedHeaders: [
        'content-type',
        'host',
        'x-acs-action',
        'x-acs-content-sha256',
        'x-acs-date',
        'x-acs-signature-nonce',
        'x-acs-version',
      ],
      signature: signed.signature,
    });
  });

  it('formats x-acs-date without milliseconds', () => {
    expect(formatAcsDate(new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678)))).toBe('2025-01-02T03:04:05Z');
  });

  it('rejects malformed authorization headers', () => {
    expect(parseAcs3Authorization(undefined)).toBeUndefined();
    expect(parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=a')).toBeUndefined();
    expect(parseAcs3Authorization('Bearer x')).toBeUndefined();
  });
});
