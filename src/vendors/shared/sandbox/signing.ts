/**
 * HMAC helpers shared by the vendor sandboxes. A sandbox keeps no storage: tokens, task ids and
 * download links carry their own state and an HMAC, so a restarted process with the same secret
 * still recognises everything it handed out.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSha256(secret: string, data: string): Buffer {
  return createHmac('sha256', secret).update(data, 'utf8').digest();
}

export function hmacSha256Hex(secret: string, data: string): string {
  return hmacSha256(secret, data).toString('hex');
}

/** Comparing secrets byte by byte with `===` leaks how many leading bytes matched. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** 16 bytes (128 bits) of HMAC are plenty against forgery and keep ids short enough for URL paths. */
const SIGNATURE_BYTES = 16;

/**
 * `purpose` separates the kinds of signed strings, so a task id can never be replayed as a token.
 * The result is URL-safe: base64url(JSON) "." base64url(truncated HMAC).
 */
export function signJson(secret: string, purpose: string, payload: unknown): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${signatureOf(secret, purpose, body)}`;
}

/** The payload of a string made by `signJson` with the same secret and purpose, else undefined. */
export function verifySignedJson(secret: string, purpose: string, signed: string): unknown {
  const dot = signed.indexOf('.');
  if (dot <= 0) return undefined;
  const body = signed.slice(0, dot);
  if (!constantTimeEqual(signed.slice(dot + 1), signatureOf(secret, purpose, body))) return undefined;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function signatureOf(secret: string, purpose: string, body: string): string {
  return hmacSha256(secret, `${purpose}\n${body}`).subarray(0, SIGNATURE_BYTES).toString('base64url');
}
