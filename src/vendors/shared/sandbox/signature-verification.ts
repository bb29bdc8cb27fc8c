/**
 * What the cloud sandboxes' signature verifiers (aliyun-dms/verify-acs3.ts, tencent-dlc/verify-tc3.ts,
 * tencent-dlc/verify-cos.ts) share: the vendors' percent-encoding, hex digests and HMACs, and the
 * fields of an Authorization header. Sandbox code only: the adapters sign with their own code, so
 * that a mistake on one side shows against the other.
 */
import { createHash, createHmac } from 'node:crypto';

/** RFC 3986 percent-encoding of UTF-8 (Alibaba's and Tencent's "UrlEncode"): only `A-Z a-z 0-9 - _ . ~` stay. */
export function rfc3986Encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function digestHex(algorithm: 'sha1' | 'sha256', data: string | Uint8Array): string {
  return createHash(algorithm).update(data).digest('hex');
}

/** HMAC of UTF-8 `data`; hex, or the raw bytes to key the next HMAC of a chain. */
export function hmac(algorithm: 'sha1' | 'sha256', key: string | Uint8Array, data: string): Buffer {
  return createHmac(algorithm, key).update(data, 'utf8').digest();
}

export function hmacHex(algorithm: 'sha1' | 'sha256', key: string | Uint8Array, data: string): string {
  return hmac(algorithm, key, data).toString('hex');
}

/**
 * The `Name=value` fields of an Authorization header of `scheme` (`<scheme> A=1,B=2` or `, `-separated),
 * values trimmed; undefined for a missing header or another scheme.
 */
export function authorizationFields(
  value: string | undefined,
  scheme: string,
): Map<string, string> | undefined {
  if (value === undefined || !value.startsWith(`${scheme} `)) return undefined;
  const fields = new Map<string, string>();
  for (const [, name, field] of value.slice(scheme.length + 1).matchAll(/([^\s,=]+)=([^,]*)/g)) {
    fields.set(name as string, (field as string).trim());
  }
  return fields;
}
