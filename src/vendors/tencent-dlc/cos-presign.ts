/**
 * Presigned COS GET URLs (COS XML request signature, `q-sign-algorithm=sha1`; Tencent doc
 * https://www.tencentcloud.com/document/product/436/7778). DLC hands out a `cosn://bucket/key` path
 * plus temporary credentials rather than a URL, so the gateway mints one. Pure; the clock is a
 * parameter. The pieces are exported for the sandbox's COS endpoint, which verifies these URLs.
 */
import { createHash, createHmac } from 'node:crypto';

/** COS UrlEncode: RFC 3986 (`!'()*` encoded too), UTF-8. */
export function cosUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function sha1Hex(data: string): string {
  return createHash('sha1').update(data, 'utf8').digest('hex');
}

function hmacSha1Hex(key: string, data: string): string {
  return createHmac('sha1', key).update(data, 'utf8').digest('hex');
}

/**
 * `key1=value1&…` and `key1;key2` with keys lowercased and encoded, values encoded, sorted by key:
 * the doc's HttpParameters/UrlParamList (and HttpHeaders/HeaderList) rule.
 */
export function cosParamLists(entries: ReadonlyArray<readonly [string, string]>): {
  pairs: string;
  list: string;
} {
  const encoded = entries
    .map(([k, v]) => [cosUrlEncode(k.toLowerCase()), cosUrlEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { pairs: encoded.map(([k, v]) => `${k}=${v}`).join('&'), list: encoded.map(([k]) => k).join(';') };
}

export interface CosSignInput {
  method: string;
  /** The decoded object path, starting with `/` (e.g. `/exampleobject(腾讯云)`). */
  pathname: string;
  /** Signed URL parameters (decoded). */
  params: ReadonlyArray<readonly [string, string]>;
  /** Signed headers (decoded values). */
  headers: ReadonlyArray<readonly [string, string]>;
  secretKey: string;
  /** `start;end` in Unix seconds. */
  keyTime: string;
  /** Defaults to keyTime (the SDKs always use one value for both). */
  signTime?: string;
}

export interface CosSignature {
  signKey: string;
  httpString: string;
  stringToSign: string;
  signature: string;
  headerList: string;
  urlParamList: string;
}

export function cosSignature(input: CosSignInput): CosSignature {
  const signTime = input.signTime ?? input.keyTime;
  const signKey = hmacSha1Hex(input.secretKey, input.keyTime);
  const params = cosParamLists(input.params);
  const headers = cosParamLists(input.headers);
  const httpString = `${input.method.toLowerCase()}\n${input.pathname}\n${params.pairs}\n${headers.pairs}\n`;
  const stringToSign = `sha1\n${signTime}\n${sha1Hex(httpString)}\n`;
  return {
    signKey,
    httpString,
    stringToSign,
    signature: hmacSha1Hex(signKey, stringToSign),
    headerList: headers.list,
    urlParamList: params.list,
  };
}

/** The `q-sign-algorithm=…&q-signature=…` authorization string (unencoded). */
export function cosAuthorization(
  secretId: string,
  keyTime: string,
  sig: CosSignature,
  signTime = keyTime,
): string {
  return [
    'q-sign-algorithm=sha1',
    `q-ak=${secretId}`,
    `q-sign-time=${signTime}`,
    `q-key-time=${keyTime}`,
    `q-header-list=${sig.headerList}`,
    `q-url-param-list=${sig.urlParamList}`,
    `q-signature=${sig.signature}`,
  ].join('&');
}

/** `cosn://bucket/key/parts` -> { bucket, key }; undefined for anything else. */
export function parseCosnPath(path: string): { bucket: string; key: string } | undefined {
  const m = /^cosn:\/\/([^/]+)\/(.+)$/.exec(path.trim());
  if (m === null) return undefined;
  return { bucket: m[1] as string, key: m[2] as string };
}

/** The public COS XML endpoint of a bucket. */
export function defaultCosOrigin(bucket: string, region: string): string {
  return `https://${bucket}.cos.${region}.myqcloud.com`;
}

/** Each path segment encoded, the slashes kept. */
export function encodeCosKey(key: string): string {
  return key.split('/').map(cosUrlEncode).join('/');
}

export interface CosPresignInput {
  bucket: string;
  region: string;
  /** Object key without a leading slash. */
  key: string;
  secretId: string;
  secretKey: string;
  /** `x-cos-security-token` of temporary credentials. */
  token?: string;
  /** Signature validity, Unix seconds. */
  startSeconds: number;
  endSeconds: number;
  /** Where `/<key>` is appended; default `https://<bucket>.cos.<region>.myqcloud.com`. */
  origin?: string;
}

/**
 * A presigned GET URL. The signature covers the `host` header and the `x-cos-security-token`
 * parameter, so neither the host nor the token can be swapped without breaking it.
 */
export function presignCosGetUrl(input: CosPresignInput): string {
  const origin = (input.origin ?? defaultCosOrigin(input.bucket, input.region)).replace(/\/+$/, '');
  const host = new URL(origin).host;
  const keyTime = `${input.startSeconds};${input.endSeconds}`;
  const params: [string, string][] = input.token === undefined ? [] : [['x-cos-security-token', input.token]];
  const sig = cosSignature({
    method: 'get',
    pathname: `/${input.key}`,
    params,
    headers: [['host', host]],
    secretKey: input.secretKey,
    keyTime,
  });
  const auth = cosAuthorization(input.secretId, keyTime, sig);
  const query = auth
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return `${pair.slice(0, eq)}=${cosUrlEncode(pair.slice(eq + 1))}`;
    })
    .concat(params.map(([k, v]) => `${k}=${cosUrlEncode(v)}`))
    .join('&');
  return `${origin}/${encodeCosKey(input.key)}?${query}`;
}
