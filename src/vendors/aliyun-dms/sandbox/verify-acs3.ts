/**
 * ACS3-HMAC-SHA256 verification as Alibaba Cloud's API gateway does it, from the bytes received
 * (../README.md §2.4, the V3 signature doc, and §2.5 for the error codes). Written from the vendor's
 * documentation, apart from the adapter's signer (src/vendors/aliyun-dms/signer.ts), so that a
 * mistake in one is caught by the other; test/sandbox/aliyun-dms-verify-acs3.test.ts holds it to the
 * official SDK's signer and the doc's vector.
 *
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n
 *                      SignedHeaders \n hex(SHA256(body))
 *   StringToSign     = "ACS3-HMAC-SHA256" \n hex(SHA256(CanonicalRequest))
 *   Signature        = hex(HMAC-SHA256(AccessKeySecret, StringToSign))
 *   Authorization    = ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>
 */
import type { IncomingHttpHeaders } from 'node:http';
import { headerValue } from '../../shared/sandbox/http.js';
import {
  authorizationFields,
  digestHex,
  hmacHex,
  rfc3986Encode,
} from '../../shared/sandbox/signature-verification.js';
import { constantTimeEqual } from '../../shared/sandbox/signing.js';

const ALGORITHM = 'ACS3-HMAC-SHA256';

/** "x-acs-date must be within 15 minutes of the server time." */
export const ACS3_CLOCK_WINDOW_MS = 15 * 60 * 1000;

/** The headers a request must carry and sign. */
const REQUIRED_SIGNED = [
  'host',
  'x-acs-action',
  'x-acs-version',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-content-sha256',
];

const ACS_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** An answer of Alibaba Cloud's API gateway: an HTTP status and `{Code, Message}`. */
export interface GatewayError {
  status: number;
  code: string;
  message: string;
}

/** A request as the sandbox received it. */
export interface ReceivedAcs3Request {
  method: string;
  /** The query string exactly as received, without `?`. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
}

export interface Acs3Verifier {
  /** The AccessKeySecret of an AccessKeyId; undefined for a key the account does not have. */
  secretOf(accessKeyId: string): string | undefined;
  /** True the first time a nonce is seen; it must be refused until `forgetAtMs`. */
  claimNonce(nonce: string, nowMs: number, forgetAtMs: number): Promise<boolean>;
}

/**
 * The AccessKeyId of a request whose ACS3 signature holds, or the gateway's refusal, checked in its
 * order: Authorization form, required headers, date format, key, clock window, signed headers,
 * signature, and the nonce last (so that a bad request does not use up its nonce).
 */
export async function verifyAcs3(
  request: ReceivedAcs3Request,
  nowMs: number,
  verifier: Acs3Verifier,
): Promise<{ accessKeyId: string } | { refusal: GatewayError }> {
  const refuse = (status: number, code: string, message: string) => ({ refusal: { status, code, message } });
  const auth = parseAuthorization(headerValue(request.headers, 'authorization'));
  if (auth === undefined)
    return refuse(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
  const missing = REQUIRED_SIGNED.find((name) => headerValue(request.headers, name) === undefined);
  if (missing !== undefined) {
    return refuse(
      400,
      'MissingParameter',
      `The input parameter "${missing}" that is mandatory for processing this request is not supplied.`,
    );
  }
  const date = headerValue(request.headers, 'x-acs-date') ?? '';
  const signedAt = ACS_DATE.test(date) ? Date.parse(date) : Number.NaN;
  if (!Number.isFinite(signedAt))
    return refuse(
      400,
      'InvalidTimeStamp.Format',
      'Specified time stamp or date value is not well formatted.',
    );
  const secret = verifier.secretOf(auth.accessKeyId);
  if (secret === undefined)
    return refuse(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  if (Math.abs(nowMs - signedAt) > ACS3_CLOCK_WINDOW_MS)
    return refuse(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
  if (REQUIRED_SIGNED.some((name) => !auth.signedHeaders.includes(name)))
    return refuse(400, 'IncompleteSignature', `SignedHeaders must include ${REQUIRED_SIGNED.join(';')}.`);
  const stringToSign = acs3StringToSign(request, auth.signedHeaders);
  if (!constantTimeEqual(auth.signature, hmacHex('sha256', secret, stringToSign))) {
    return refuse(
      400,
      'SignatureDoesNotMatch',
      `Specified signature does not match our calculation. server string to sign is:${stringToSign}`,
    );
  }
  const nonce = headerValue(request.headers, 'x-acs-signature-nonce') ?? '';
  // Remembered until a request carrying it can no longer pass the clock window.
  if (!(await verifier.claimNonce(nonce, nowMs, signedAt + ACS3_CLOCK_WINDOW_MS)))
    return refuse(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
  return { accessKeyId: auth.accessKeyId };
}

/** The string the client must have signed, rebuilt from what was received (the body too). */
function acs3StringToSign(request: ReceivedAcs3Request, signedHeaders: readonly string[]): string {
  const canonicalRequest = [
    request.method.toUpperCase(),
    // RPC-style APIs are all at `/`.
    '/',
    canonicalQuery(request.rawQuery),
    canonicalHeaders(request.headers, signedHeaders),
    [...new Set(signedHeaders)].sort(byBytes).join(';'),
    digestHex('sha256', request.body),
  ].join('\n');
  return `${ALGORITHM}\n${digestHex('sha256', canonicalRequest)}`;
}

interface Acs3Authorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…` (no spaces after the commas). */
function parseAuthorization(value: string | undefined): Acs3Authorization | undefined {
  const fields = authorizationFields(value, ALGORITHM);
  const accessKeyId = fields?.get('Credential');
  const signedHeaders = fields?.get('SignedHeaders');
  const signature = fields?.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return { accessKeyId, signedHeaders: signedHeaders.split(';'), signature };
}

/**
 * Each parameter decoded as received, then key and value re-encoded the RFC 3986 way (only
 * `A-Z a-z 0-9 - _ . ~` left as they are), sorted by key then value, joined `k=v&…`.
 */
function canonicalQuery(rawQuery: string): string {
  return [...new URLSearchParams(rawQuery)]
    .map(([k, v]) => [rfc3986Encode(k), rfc3986Encode(v)] as const)
    .sort((a, b) => byBytes(a[0], b[0]) || byBytes(a[1], b[1]))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** `name:value\n` per signed header, sorted by name; values trimmed, several of one name sorted and joined by `,`. */
function canonicalHeaders(headers: IncomingHttpHeaders, signedHeaders: readonly string[]): string {
  return [...new Set(signedHeaders)]
    .sort(byBytes)
    .map((name) => {
      const raw = headers[name];
      const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      return `${name}:${values
        .map((v) => v.trim())
        .sort(byBytes)
        .join(',')}\n`;
    })
    .join('');
}

function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
