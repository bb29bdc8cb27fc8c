import ky, { HTTPError, TimeoutError } from 'ky';
import { isInteger, parse } from 'lossless-json';
import { RateLimitedError } from '../../errors.js';
import type { VendorRequestRecorder } from '../../observability/metrics.js';
import { currentRequestId, REQUEST_ID_HEADER } from '../../observability/request-scope.js';
import { type RateGate, VendorCallAbandoned } from '../../rate-limit/rate-gate.js';
import { VendorError } from './vendor-error.js';

/**
 * The HTTP layer shared by every vendor adapter: ky with a timeout, no retries unless asked (the
 * poller owns retries), bigint-safe JSON and one metrics record per call. Adapters interpret the
 * response themselves (envelopes, error codes) through the `interpret` callback of `request`.
 *
 * Error messages never contain URLs: ky's own errors carry the full URL (with `apikey=` and other
 * query secrets), so they are never passed on, not even as `cause`.
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
  headers: Headers;
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
  /** ky retries (5xx, 429, network errors; POST included). Default 0: the poller owns retries. */
  retry?: number;
  /**
   * The credential's call budget. Awaited before every attempt (ky runs beforeRequest hooks on
   * retries too, and before its timeout starts), so no call of any kind can exceed the vendor's rate.
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

/**
 * The body as text, read chunk by chunk so that one larger than `maxBytes` is abandoned (and its
 * connection dropped through `controller`) as soon as it passes the cap, or before it starts when its
 * Content-Length says so.
 */
async function readBody(response: Response, maxBytes: number, controller: AbortController): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    controller.abort(new BodyTooLarge());
    throw new BodyTooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      controller.abort(new BodyTooLarge());
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

function networkErrorDetail(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = cause && typeof cause === 'object' && typeof cause.code === 'string' ? cause.code : null;
  return code && /^[A-Z0-9_]+$/.test(code) ? ` (${code})` : '';
}

export function createVendorHttp(opts: VendorHttpOptions): VendorHttp {
  const { label } = opts;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_VENDOR_TIMEOUT_MS;
  const maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const retryLimit = opts.retry ?? 0;
  const client = ky.create({
    prefixUrl: opts.prefixUrl,
    timeout: timeoutMs,
    throwHttpErrors: true,
    retry: {
      limit: retryLimit,
      methods: ['get', 'post', 'put', 'delete'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      retryOnTimeout: false,
    },
    headers: { accept: 'application/json' },
    hooks: {
      beforeRequest: [
        async (request) => {
          await opts.rateGate?.acquire();
          // The id of the request that caused this call, so that the vendor's side can be matched up.
          const requestId = currentRequestId();
          if (requestId !== undefined) request.headers.set(REQUEST_ID_HEADER, requestId);
        },
      ],
    },
  });

  const reportCall = (operation: string, outcome: VendorRequestOutcome, startedAt: number): void => {
    try {
      opts.record?.(operation, outcome, startedAt);
    } catch {
      // Metrics must never break a vendor call.
    }
  };

  const timeoutError = (): VendorError =>
    new VendorError('VENDOR_UNAVAILABLE', `${label}: no response within ${timeoutMs} ms`, {
      transient: true,
      unanswered: true,
    });

  return {
    async request(operation, req, interpret) {
      const startedAt = Date.now();
      const report = (op: string, outcome: VendorRequestOutcome) => reportCall(op, outcome, startedAt);
      const controller = new AbortController();
      let response: Response;
      try {
        response = await client(req.path.replace(/^\/+/, ''), {
          method: req.method,
          searchParams: req.query,
          headers: req.headers,
          json: req.json,
          body: req.body,
          signal: controller.signal,
        });
      } catch (error) {
        if (error instanceof HTTPError) {
          response = error.response;
        } else if (error instanceof RateLimitedError || error instanceof VendorCallAbandoned) {
          // Refused or dropped by our own rate gate: nothing reached the vendor.
          throw error;
        } else if (error instanceof TimeoutError) {
          report(operation, 'timeout');
          throw timeoutError();
        } else {
          report(operation, 'network_error');
          throw new VendorError('VENDOR_UNAVAILABLE', `${label}: network error${networkErrorDetail(error)}`, {
            transient: true,
            unanswered: true,
          });
        }
      }

      let text: string;
      const timer = setTimeout(() => controller.abort(new BodyTimeout()), timeoutMs);
      try {
        text = await readBody(response, maxResponseBytes, controller);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          report(operation, 'vendor_error');
          throw new VendorError(
            'VENDOR_UNAVAILABLE',
            `${label}: response larger than ${maxResponseBytes} bytes`,
            {
              transient: true,
              unanswered: true,
            },
          );
        }
        if (controller.signal.aborted) {
          report(operation, 'timeout');
          throw new VendorError(
            'VENDOR_UNAVAILABLE',
            `${label}: the response did not complete within ${timeoutMs} ms`,
            { transient: true, unanswered: true },
          );
        }
        report(operation, 'network_error');
        throw new VendorError('VENDOR_UNAVAILABLE', `${label}: connection lost while reading the response`, {
          transient: true,
          unanswered: true,
        });
      } finally {
        clearTimeout(timer);
      }

      const res: VendorHttpResponse = {
        status: response.status,
        ok: response.ok,
        headers: response.headers,
        text,
        body: tryParseVendorJson(text),
      };
      try {
        const value = interpret(res);
        report(operation, res.ok ? 'ok' : 'http_error');
        return value;
      } catch (error) {
        report(operation, res.ok ? 'vendor_error' : 'http_error');
        throw error;
      }
    },
  };
}
