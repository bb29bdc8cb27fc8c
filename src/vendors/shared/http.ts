import type { IncomingHttpHeaders } from 'node:http';
import { isInteger, parse } from 'lossless-json';
import { Agent, type Dispatcher, errors as undiciErrors } from 'undici';
import type { VendorRequestRecorder } from '../../observability/metrics.js';
import { currentRequestId, REQUEST_ID_HEADER } from '../../observability/request-scope.js';
import type { RateGate } from '../../rate-limit/rate-gate.js';
import { VendorError } from './vendor-error.js';

/**
 * The HTTP layer shared by every vendor adapter: undici with a timeout, no retries unless asked (the
 * poller owns retries), bigint-safe JSON and one metrics record per call. Adapters interpret the
 * response themselves (envelopes, error codes) through the `interpret` callback of `request`.
 *
 * undici's `request` rather than fetch (or ky over fetch): a status poll is a few hundred bytes each
 * way, and fetch's WHATWG Request/Response/stream objects cost the poller about 2-3 times a bare
 * request's CPU (see the poll benchmark).
 *
 * Error messages never contain URLs: the client's own errors may carry the full URL (with `apikey=`
 * and other query secrets), so they are never passed on, not even as `cause`.
 */

export type VendorRequestOutcome = 'ok' | 'vendor_error' | 'http_error' | 'timeout' | 'network_error';

export type VendorHttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface VendorHttpRequest {
  method: VendorHttpMethod;
  /** Relative to `prefixUrl`; a leading slash is allowed. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Sent as `application/json` (stringified with JSON.stringify). */
  json?: unknown;
  /** A raw body (e.g. a form-urlencoded string); set `content-type` in `headers`. */
  body?: string;
}

export interface VendorHttpResponse {
  status: number;
  /** HTTP 2xx. */
  ok: boolean;
  /** Lower-case names. */
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed with `parseVendorJson`, or undefined when it is not JSON. */
  body: unknown;
}

export interface VendorHttp {
  /**
   * One HTTP call. `interpret` (synchronous) turns the response (whatever its status) into a value or throws a
   * VendorError. The call is recorded once: `timeout` / `network_error` when no response arrived,
   * `http_error` for a non-2xx status, else `vendor_error` when `interpret` threw and `ok` when not.
   */
  request<T>(
    operation: string,
    req: VendorHttpRequest,
    interpret: (res: VendorHttpResponse) => T,
  ): Promise<T>;
}

export interface VendorHttpOptions {
  /** How people call the vendor: in error messages. */
  label: string;
  prefixUrl: string;
  /** Per attempt, until the response headers; reading the body gets the same budget again. */
  timeoutMs?: number;
  record?: VendorRequestRecorder;
  /** Retries (408, 429, 5xx, network errors; POST included). Default 0: the poller owns retries. */
  retry?: number;
  /**
   * The credential's call budget. Awaited before every attempt (retries too, and before the timeout
   * starts), so no call of any kind can exceed the vendor's rate.
   */
  rateGate?: RateGate;
  /**
   * The largest response body read (default 10 MB). A larger one is abandoned as it arrives, never
   * buffered whole, and the call fails with a transient VENDOR_UNAVAILABLE.
   */
  maxResponseBytes?: number;
}

export const DEFAULT_VENDOR_TIMEOUT_MS = 10_000;
/** The largest response body read; a larger one is abandoned as it arrives. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

const LONG_DIGIT_RUN = /\d{16}/;

function parseSafeNumber(value: string): number | string {
  if (isInteger(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  return Number(value);
}

/**
 * JSON.parse that keeps int64 ids exact: integers beyond Number.MAX_SAFE_INTEGER come back as
 * strings (`1579434053399035904` stays `'1579434053399035904'`), every other number as a JS number.
 * Duplicate keys behave as in JSON.parse (the last wins). Throws SyntaxError on invalid JSON.
 */
export function parseVendorJson(text: string): unknown {
  // Every integer of at most 15 digits is exact as a double, so JSON.parse (several times faster than
  // a lossless parser) is safe when no run of 16 digits appears anywhere in the text.
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  return parse(text, null, {
    parseNumber: parseSafeNumber,
    onDuplicateKey: (info) => info.newValue,
  });
}

function tryParseVendorJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return parseVendorJson(text);
  } catch {
    return undefined;
  }
}

class BodyTimeout extends Error {}

class BodyTooLarge extends Error {}

/** Statuses worth another attempt (those ky retried before this layer moved to undici). */
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const RETRY_BASE_DELAY_MS = 300;

/**
 * The body as text, read chunk by chunk so that one larger than `maxBytes` is abandoned (and its
 * connection dropped) as soon as it passes the cap, or before it starts when its Content-Length says
 * so; and one that takes longer than `timeoutMs` in all (not only between chunks) is abandoned too.
 */
async function readBody(
  response: Dispatcher.ResponseData,
  maxBytes: number,
  timeoutMs: number,
): Promise<string> {
  const { body } = response;
  // A stream destroyed with an error and no listener would end the process; the errors that matter
  // reach the loop below through its iterator.
  body.on('error', ignore);
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes) {
    body.destroy();
    throw new BodyTooLarge();
  }
  const timer = setTimeout(() => body.destroy(new BodyTimeout()), timeoutMs);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      total += buffer.byteLength;
      if (total > maxBytes) {
        body.destroy();
        throw new BodyTooLarge();
      }
      chunks.push(buffer);
    }
    return chunks.length === 1
      ? (chunks[0] as Buffer).toString('utf8')
      : Buffer.concat(chunks, total).toString('utf8');
  } finally {
    clearTimeout(timer);
  }
}

function ignore(): void {}

/** A system error code (ECONNREFUSED …) is safe to show; anything else might carry the URL. */
function networkErrorDetail(error: unknown): string {
  for (const candidate of [error, error instanceof Error ? error.cause : undefined]) {
    const code =
      candidate && typeof candidate === 'object' && 'code' in candidate
        ? (candidate as { code: unknown }).code
        : null;
    if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return ` (${code})`;
  }
  return '';
}

function isHeadersTimeout(error: unknown): boolean {
  return (
    error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.ConnectTimeoutError
  );
}

/** The request target under `basePath` (+ `query`): the prefix is a folder, the path relative to it. */
function pathOf(basePath: string, req: VendorHttpRequest): string {
  const path = basePath + req.path.replace(/^\/+/, '');
  if (!req.query) return path;
  const query = new URLSearchParams(req.query).toString();
  if (query === '') return path;
  return `${path}${path.includes('?') ? '&' : '?'}${query}`;
}

function bodyOf(req: VendorHttpRequest): { body?: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
  if (req.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    return { body: JSON.stringify(req.json), headers };
  }
  return req.body !== undefined ? { body: req.body, headers } : { headers };
}

export function createVendorHttp(opts: VendorHttpOptions): VendorHttp {
  const { label } = opts;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_VENDOR_TIMEOUT_MS;
  const maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const retryLimit = opts.retry ?? 0;
  const prefix = new URL(opts.prefixUrl);
  const origin = prefix.origin;
  const basePath = prefix.pathname.endsWith('/') ? prefix.pathname : `${prefix.pathname}/`;
  // Keep-alive connections to this vendor; connecting and waiting for the headers share the timeout.
  const agent = new Agent({
    connect: { timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });

  const report = (operation: string, outcome: VendorRequestOutcome, startedAt: number): void => {
    try {
      opts.record?.(operation, outcome, startedAt);
    } catch {
      // Metrics must never break a vendor call.
    }
  };

  const failure = (outcome: VendorRequestOutcome, message: string, retry: boolean): Failure => ({
    failed: new VendorError('VENDOR_UNAVAILABLE', message, { transient: true, unanswered: true }),
    outcome,
    retry,
  });

  /** One attempt: the response with its whole body, or what prevented it (recorded only if final). */
  const attempt = async (
    path: string,
    method: VendorHttpMethod,
    sent: ReturnType<typeof bodyOf>,
  ): Promise<Answer | Failure> => {
    // Refused or dropped by our own rate gate: nothing reached the vendor, so it propagates as is.
    await opts.rateGate?.acquire();
    let response: Dispatcher.ResponseData;
    // The id of the request that caused this call, so that the vendor's side can be matched up.
    const requestId = currentRequestId();
    const headers =
      requestId === undefined ? sent.headers : { ...sent.headers, [REQUEST_ID_HEADER]: requestId };
    try {
      response = await agent.request({ origin, path, method, body: sent.body, headers });
    } catch (error) {
      if (isHeadersTimeout(error)) {
        return failure('timeout', `${label}: no response within ${timeoutMs} ms`, false);
      }
      return failure('network_error', `${label}: network error${networkErrorDetail(error)}`, true);
    }
    try {
      const text = await readBody(response, maxResponseBytes, timeoutMs);
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return failure('vendor_error', `${label}: response larger than ${maxResponseBytes} bytes`, false);
      }
      if (error instanceof BodyTimeout || error instanceof undiciErrors.BodyTimeoutError) {
        return failure('timeout', `${label}: the response did not complete within ${timeoutMs} ms`, false);
      }
      return failure('network_error', `${label}: connection lost while reading the response`, true);
    }
  };

  return {
    async request(operation, req, interpret) {
      const startedAt = Date.now();
      const path = pathOf(basePath, req);
      const sent = bodyOf(req);
      for (let round = 0; ; round++) {
        const outcome = await attempt(path, req.method, sent);
        const canRetry = round < retryLimit;
        if ('failed' in outcome) {
          if (!(canRetry && outcome.retry)) {
            report(operation, outcome.outcome, startedAt);
            throw outcome.failed;
          }
        } else if (!(canRetry && RETRY_STATUSES.has(outcome.status))) {
          const ok = outcome.status >= 200 && outcome.status < 300;
          const res: VendorHttpResponse = {
            status: outcome.status,
            ok,
            headers: outcome.headers,
            text: outcome.text,
            body: tryParseVendorJson(outcome.text),
          };
          try {
            const value = interpret(res);
            report(operation, ok ? 'ok' : 'http_error', startedAt);
            return value;
          } catch (error) {
            report(operation, ok ? 'vendor_error' : 'http_error', startedAt);
            throw error;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_BASE_DELAY_MS * 2 ** round));
      }
    },
  };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

interface Failure {
  failed: VendorError;
  outcome: VendorRequestOutcome;
  /** A network failure is worth another attempt when retries are allowed; a timeout or a cap is not. */
  retry: boolean;
}
