/**
 * TC3-HMAC-SHA256 verification as Tencent Cloud's API 3.0 gateway does it, from the bytes received
 * (../README.md §3.4, and §3.5 for the error codes). Written from the vendor's documentation, apart
 * from the adapter's signer (src/vendors/tencent-dlc/signer.ts), so that a mistake in one is caught
 * by the other; test/sandbox/tencent-dlc-verify-tc3.test.ts holds it to the official SDK's signer
 * and the doc's worked example.
 *
 *   CanonicalRequest = METHOD \n / \n query \n CanonicalHeaders \n SignedHeaders \n hex(SHA256(body))
 *     CanonicalHeaders: `name:value\n`, names and values lowercased and trimmed, sorted by name
 *   StringToSign     = "TC3-HMAC-SHA256" \n Timestamp \n Date/service/tc3_request \n hex(SHA256(CanonicalRequest))
 *   SecretSigning    = HMAC(HMAC(HMAC("TC3" + SecretKey, Date), service), "tc3_request")
 *   Signature        = hex(HMAC-SHA256(SecretSigning, StringToSign))
 *   Authorization    = TC3-HMAC-SHA256 Credential=<id>/<Date>/<service>/tc3_request, SignedHeaders=<a;b>, Signature=<hex>
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiError } from '../../shared/sandbox/cloud-api.js';
import { headerValue } from '../../shared/sandbox/http.js';
import {
  authorizationFields,
  digestHex,
  hmac,
  hmacHex,
} from '../../shared/sandbox/signature-verification.js';
import { constantTimeEqual } from '../../shared/sandbox/signing.js';

const ALGORITHM = 'TC3-HMAC-SHA256';

/** "X-TC-Timestamp must be within 5 minutes of the server time." */
export const TC3_CLOCK_WINDOW_MS = 5 * 60 * 1000;

/** A request as the sandbox received it. */
export interface ReceivedTc3Request {
  method: string;
  /** The query string as received, without `?` (empty for the POST calls). */
  query: string;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
}

export interface Tc3Verifier {
  /** The service in the credential scope, e.g. 'dlc'. */
  service: string;
  /** The SecretKey of a SecretId; undefined for a key the account does not have. */
  secretOf(secretId: string): string | undefined;
  /** When set, every call must carry this X-TC-Token. */
  token?: string;
}

export const SIGNATURE_EXPIRE: ApiError = {
  code: 'AuthFailure.SignatureExpire',
  message: 'Signature expired. Timestamp and server time are too different (more than 5 minutes).',
};
const SIGNATURE_FAILURE: ApiError = {
  code: 'AuthFailure.SignatureFailure',
  message: 'The provided credentials could not be validated. Please check your signature is correct.',
};

/**
 * The SecretId of a request whose TC3 signature holds, or the gateway's refusal, checked in its
 * order: Authorization form, timestamp, SecretId, clock window, signed headers, credential scope,
 * signature, then the session token.
 */
export function verifyTc3(
  request: ReceivedTc3Request,
  nowMs: number,
  verifier: Tc3Verifier,
): { secretId: string } | { refusal: ApiError } {
  const refuse = (code: string, message: string) => ({ refusal: { code, message } });
  const auth = parseAuthorization(headerValue(request.headers, 'authorization'));
  if (auth === undefined) {
    return refuse(
      'AuthFailure.InvalidAuthorization',
      'The Authorization header is missing or not a valid TC3-HMAC-SHA256 value.',
    );
  }
  const timestamp = Number(headerValue(request.headers, 'x-tc-timestamp') ?? '');
  if (!Number.isInteger(timestamp) || timestamp <= 0)
    return refuse('MissingParameter', 'The request is missing a required parameter `Timestamp`.');
  const secretKey = verifier.secretOf(auth.secretId);
  if (secretKey === undefined) {
    return refuse(
      'AuthFailure.SecretIdNotFound',
      'The SecretId is not found, please ensure that your SecretId is correct.',
    );
  }
  if (Math.abs(nowMs - timestamp * 1000) > TC3_CLOCK_WINDOW_MS) return { refusal: SIGNATURE_EXPIRE };
  if (!auth.signedHeaders.includes('content-type') || !auth.signedHeaders.includes('host'))
    return refuse('AuthFailure.InvalidAuthorization', 'SignedHeaders must include content-type and host.');
  const date = utcDate(timestamp);
  if (auth.service !== verifier.service || auth.date !== date) return { refusal: SIGNATURE_FAILURE };
  const expected = tc3Signature(secretKey, date, verifier.service, tc3StringToSign(request, auth, timestamp));
  if (!constantTimeEqual(auth.signature, expected)) return { refusal: SIGNATURE_FAILURE };
  const token = verifier.token;
  if (token !== undefined && !constantTimeEqual(headerValue(request.headers, 'x-tc-token') ?? '', token))
    return refuse('AuthFailure.TokenFailure', 'Token verification failed.');
  return { secretId: auth.secretId };
}

interface Tc3Authorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** The string the client must have signed, rebuilt from what was received (the body too). */
function tc3StringToSign(request: ReceivedTc3Request, auth: Tc3Authorization, timestamp: number): string {
  const names = [...new Set(auth.signedHeaders.map((n) => n.toLowerCase()))].sort();
  const canonicalHeaders = names
    .map((name) => `${name}:${(headerValue(request.headers, name) ?? '').trim().toLowerCase()}\n`)
    .join('');
  const canonicalRequest = [
    request.method.toUpperCase(),
    '/',
    request.query,
    canonicalHeaders,
    names.join(';'),
    digestHex('sha256', request.body),
  ].join('\n');
  const scope = `${auth.date}/${auth.service}/tc3_request`;
  return `${ALGORITHM}\n${timestamp}\n${scope}\n${digestHex('sha256', canonicalRequest)}`;
}

function tc3Signature(secretKey: string, date: string, service: string, stringToSign: string): string {
  const secretDate = hmac('sha256', `TC3${secretKey}`, date);
  const secretService = hmac('sha256', secretDate, service);
  const secretSigning = hmac('sha256', secretService, 'tc3_request');
  return hmacHex('sha256', secretSigning, stringToSign);
}

/** `TC3-HMAC-SHA256 Credential=id/date/service/tc3_request, SignedHeaders=…, Signature=…`. */
function parseAuthorization(value: string | undefined): Tc3Authorization | undefined {
  const fields = authorizationFields(value, ALGORITHM);
  const [secretId, date, service, terminator, ...extra] = (fields?.get('Credential') ?? '').split('/');
  const signedHeaders = fields?.get('SignedHeaders');
  const signature = fields?.get('Signature');
  if (terminator !== 'tc3_request' || extra.length > 0 || !signedHeaders || !signature) return undefined;
  if (!secretId || !date || !service) return undefined;
  return { secretId, date, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** UTC `yyyy-MM-dd` of a Unix timestamp in seconds. */
function utcDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}
