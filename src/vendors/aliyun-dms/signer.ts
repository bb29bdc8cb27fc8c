/**
 * Alibaba Cloud ACS3-HMAC-SHA256 request signing (V3, README.md §2.4). Pure: no I/O, the date and
 * nonce are injectable. The canonicalization pieces are exported because the DMS sandbox verifies
 * requests with the very same code a real gateway would run on the received bytes.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/**
 * RFC 3986 percent-encoding as Alibaba's SDKs do it (`encodeURIComponent` plus `! ' ( ) *`): only
 * `A-Z a-z 0-9 - _ . ~` stay as they are, a space becomes `%20`.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Byte-order sort, as the vendor's Java/Go canonicalizers compare strings. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * `k1=v1&k2=v2`, keys sorted, both sides percent-encoded; a key without value becomes `key=`. This
 * is also the exact query string the client sends, so the wire and the signature cannot drift.
 */
export function canonicalQueryString(params: ReadonlyArray<readonly [string, string]>): string {
  return params
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort((a, b) => byteOrder(a[0], b[0]) || byteOrder(a[1], b[1]))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Headers that take part in the signature: `host`, `content-type` and every `x-acs-*`. */
export function isSignedHeaderName(lowerName: string): boolean {
  return lowerName === 'host' || lowerName === 'content-type' || lowerName.startsWith('x-acs-');
}

export interface CanonicalHeaders {
  /** `name:value\n` per header, sorted by name. */
  canonical: string;
  /** The same names joined with `;`. */
  signedHeaders: string;
}

/**
 * Canonical headers over the given names (lowercased, values trimmed; several values of one name
 * sorted and joined with `,`). `headers` may hold arrays, as node's IncomingMessage does.
 */
export function canonicalizeHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  names: readonly string[],
): CanonicalHeaders {
  const byName = new Map<string, string[]>();
  for (const [rawName, rawValue] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (!names.includes(name) || rawValue === undefined) continue;
    const values = typeof rawValue === 'string' ? [rawValue] : [...rawValue];
    byName.set(name, [...(byName.get(name) ?? []), ...values.map((v) => v.trim())]);
  }
  const sorted = [...new Set(names)].sort(byteOrder);
  const canonical = sorted.map((n) => `${n}:${(byName.get(n) ?? []).sort(byteOrder).join(',')}\n`).join('');
  return { canonical, signedHeaders: sorted.join(';') };
}

export function acs3CanonicalRequest(parts: {
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  headers: CanonicalHeaders;
  hashedPayload: string;
}): string {
  return [
    parts.method.toUpperCase(),
    parts.canonicalUri,
    parts.canonicalQuery,
    parts.headers.canonical,
    parts.headers.signedHeaders,
    parts.hashedPayload,
  ].join('\n');
}

export function acs3StringToSign(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

/** No key derivation and no `&` suffix, unlike the V2 HMAC-SHA1 scheme. */
export function acs3Signature(accessKeySecret: string, stringToSign: string): string {
  return createHmac('sha256', accessKeySecret).update(stringToSign, 'utf8').digest('hex');
}

/** `yyyy-MM-ddTHH:mm:ssZ` in UTC, the only form `x-acs-date` accepts. */
export function formatAcsDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function newSignatureNonce(): string {
  return randomBytes(16).toString('hex');
}

export interface Acs3Request {
  method: string;
  /** `/` for RPC-style APIs. */
  pathname?: string;
  /** The Host header the HTTP client will send (`new URL(endpoint).host`). */
  host: string;
  query?: ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string>>;
  /** Extra headers; every `x-acs-*` / `content-type` among them is signed. */
  headers?: Readonly<Record<string, string>>;
  /** The exact bytes that will be sent (a pre-serialised string is signed as UTF-8). */
  body?: string | Uint8Array;
  action: string;
  version: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  date?: Date;
  nonce?: string;
}

export interface Acs3Signed {
  /** Every header to send, `authorization` included (but not `host`: the HTTP client sets it). */
  headers: Record<string, string>;
  /** The query string to send, identical to the canonical one. */
  queryString: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

export function signAcs3(req: Acs3Request): Acs3Signed {
  const body = req.body ?? '';
  const hashedPayload = sha256Hex(body);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  Object.assign(headers, {
    'x-acs-action': req.action,
    'x-acs-version': req.version,
    'x-acs-date': formatAcsDate(req.date ?? new Date()),
    'x-acs-signature-nonce': req.nonce ?? newSignatureNonce(),
    'x-acs-content-sha256': hashedPayload,
  });
  if (req.securityToken !== undefined) {
    headers['x-acs-security-token'] = req.securityToken;
    headers['x-acs-accesskey-id'] = req.accessKeyId;
  }
  const withHost = { ...headers, host: req.host };
  const names = Object.keys(withHost).filter(isSignedHeaderName);
  const canonicalHeaders = canonicalizeHeaders(withHost, names);
  const query = Array.isArray(req.query)
    ? (req.query as ReadonlyArray<readonly [string, string]>)
    : Object.entries(req.query ?? {});
  const queryString = canonicalQueryString(query);
  const canonicalRequest = acs3CanonicalRequest({
    method: req.method,
    canonicalUri: req.pathname ?? '/',
    canonicalQuery: queryString,
    headers: canonicalHeaders,
    hashedPayload,
  });
  const stringToSign = acs3StringToSign(canonicalRequest);
  const signature = acs3Signature(req.accessKeySecret, stringToSign);
  headers.authorization = `${ACS3_ALGORITHM} Credential=${req.accessKeyId},SignedHeaders=${canonicalHeaders.signedHeaders},Signature=${signature}`;
  return { headers, queryString, canonicalRequest, stringToSign, signature };
}

export interface Acs3Authorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`; undefined when malformed. */
export function parseAcs3Authorization(header: string | undefined): Acs3Authorization | undefined {
  if (header === undefined || !header.startsWith(`${ACS3_ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(ACS3_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return { accessKeyId, signedHeaders: signedHeaders.split(';'), signature };
}
