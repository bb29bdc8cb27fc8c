/**
 * Tencent Cloud API 3.0 TC3-HMAC-SHA256 signing (README.md §3.4). Pure: the timestamp is injectable.
 * The pieces are exported for the DLC sandbox, which recomputes signatures from received bytes.
 */
import { createHash, createHmac } from 'node:crypto';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** UTC `yyyy-MM-dd` of a Unix timestamp (seconds): the credential-scope date. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/**
 * Canonical headers over the given names: `name:value\n` with names and values lowercased and
 * trimmed (the doc's rule), sorted by name.
 */
export function tc3CanonicalHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  names: readonly string[],
): { canonical: string; signedHeaders: string } {
  const lower = new Map<string, string>();
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    lower.set(k.toLowerCase(), (typeof v === 'string' ? v : v.join(',')).trim().toLowerCase());
  }
  const sorted = [...new Set(names.map((n) => n.toLowerCase()))].sort();
  return {
    canonical: sorted.map((n) => `${n}:${lower.get(n) ?? ''}\n`).join(''),
    signedHeaders: sorted.join(';'),
  };
}

export function tc3CanonicalRequest(parts: {
  method: string;
  canonicalUri?: string;
  canonicalQuery?: string;
  headers: { canonical: string; signedHeaders: string };
  body: string | Uint8Array;
}): string {
  return [
    parts.method.toUpperCase(),
    parts.canonicalUri ?? '/',
    parts.canonicalQuery ?? '',
    parts.headers.canonical,
    parts.headers.signedHeaders,
    sha256Hex(parts.body),
  ].join('\n');
}

export function tc3CredentialScope(timestamp: number, service: string): string {
  return `${tc3Date(timestamp)}/${service}/tc3_request`;
}

export function tc3StringToSign(timestamp: number, service: string, canonicalRequest: string): string {
  return `${TC3_ALGORITHM}\n${timestamp}\n${tc3CredentialScope(timestamp, service)}\n${sha256Hex(canonicalRequest)}`;
}

/** SecretSigning = HMAC chain over date, service and `tc3_request`, keyed by `TC3` + SecretKey. */
export function tc3SigningKey(secretKey: string, date: string, service: string): Buffer {
  return hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
}

export function tc3Signature(
  secretKey: string,
  timestamp: number,
  service: string,
  stringToSign: string,
): string {
  return createHmac('sha256', tc3SigningKey(secretKey, tc3Date(timestamp), service))
    .update(stringToSign, 'utf8')
    .digest('hex');
}

export interface Tc3Request {
  /** e.g. `dlc.tencentcloudapi.com`; the Host header the HTTP client will send. */
  host: string;
  service: string;
  action: string;
  version: string;
  region?: string;
  /** The exact body that will be sent. */
  body: string;
  /** Default `application/json` (what the Node SDK sends, without charset). */
  contentType?: string;
  secretId: string;
  secretKey: string;
  /** STS session token, sent as X-TC-Token. */
  token?: string;
  /** Unix seconds. */
  timestamp: number;
  language?: string;
}

export interface Tc3Signed {
  /** Every header to send (not `host`: the HTTP client sets it). */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  authorization: string;
}

/** Signs a `POST /` JSON call. Only `content-type;host` are signed, as the official SDK does. */
export function signTc3(req: Tc3Request): Tc3Signed {
  const contentType = req.contentType ?? 'application/json';
  const signedHeaders = tc3CanonicalHeaders({ 'content-type': contentType, host: req.host }, [
    'content-type',
    'host',
  ]);
  const canonicalRequest = tc3CanonicalRequest({ method: 'POST', headers: signedHeaders, body: req.body });
  const stringToSign = tc3StringToSign(req.timestamp, req.service, canonicalRequest);
  const signature = tc3Signature(req.secretKey, req.timestamp, req.service, stringToSign);
  const authorization = `${TC3_ALGORITHM} Credential=${req.secretId}/${tc3CredentialScope(req.timestamp, req.service)}, SignedHeaders=${signedHeaders.signedHeaders}, Signature=${signature}`;
  const headers: Record<string, string> = {
    authorization,
    'content-type': contentType,
    'x-tc-action': req.action,
    'x-tc-version': req.version,
    'x-tc-timestamp': String(req.timestamp),
  };
  if (req.region !== undefined) headers['x-tc-region'] = req.region;
  if (req.token !== undefined) headers['x-tc-token'] = req.token;
  if (req.language !== undefined) headers['x-tc-language'] = req.language;
  return { headers, canonicalRequest, stringToSign, signature, authorization };
}

export interface Tc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `TC3-HMAC-SHA256 Credential=id/date/service/tc3_request, SignedHeaders=…, Signature=…`. */
export function parseTc3Authorization(header: string | undefined): Tc3Authorization | undefined {
  if (header === undefined || !header.startsWith(`${TC3_ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(TC3_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const scope = (fields.get('Credential') ?? '').split('/');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (scope.length !== 4 || scope[3] !== 'tc3_request' || !signedHeaders || !signature) return undefined;
  const [secretId, date, service] = scope as [string, string, string, string];
  if (!secretId || !date || !service) return undefined;
  return { secretId, date, service, signedHeaders: signedHeaders.split(';'), signature };
}
