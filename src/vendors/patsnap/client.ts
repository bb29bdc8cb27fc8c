import type { VendorRequestRecorder } from '../../observability/metrics.js';
import type { RateGate } from '../../rate-limit/rate-gate.js';
import { createVendorHttp, type VendorHttpResponse } from '../shared/http.js';
import { VendorError } from '../shared/vendor-error.js';
import { mapPatSnapError, PATSNAP_TOKEN_MISMATCH, scrubSecrets } from './error-codes.js';
import type { PatentExportRequest, PatentExportTaskState } from './types.js';

/**
 * PatSnap Open Platform client (README.md §1.1, §1.2): authentication (client-credentials token or
 * static API key), the `{data, status, error_code, error_msg}` envelope and error mapping. Search and
 * report operations build on `call`.
 */

export interface PatSnapClientOptions {
  /** PATSNAP_BASE_URL, e.g. https://connect.patsnap.com or http://127.0.0.1:4000/sandbox/patsnap */
  baseUrl: string;
  /** Client-credentials mode (takes precedence over `apiKey` when both id and secret are set). */
  clientId?: string;
  clientSecret?: string;
  /** Static key mode (`sk-…`), sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Per request; default 10 000 ms (the documented max response time). */
  timeoutMs?: number;
  /** Refresh this long before `issued_at + expires_in` (default 60 000 ms). */
  tokenLeewayMs?: number;
  record?: VendorRequestRecorder;
  /** The credential's call budget (PATSNAP_QPS), shared by token, create and status calls. */
  rateGate?: RateGate;
  now?: () => number;
}

export interface PatSnapCallOptions {
  query?: Record<string, string>;
  json?: unknown;
}

export interface PatSnapClient {
  /** Generic call: handles auth, the {data,status,error_code,error_msg} envelope, errors. Returns `data`. */
  call<T = unknown>(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    opts?: PatSnapCallOptions,
  ): Promise<T>;
  /** P055 `POST /patent-search/export`. */
  createExport(req: PatentExportRequest): Promise<{ taskId: string; count: number | null }>;
  /** P055 `GET /patent-search/task?task_id=`. */
  getExportTask(taskId: string): Promise<PatentExportTaskState>;
}

/** Operation labels used for metrics (`gateway_vendor_requests_total{operation}`). */
export const PATSNAP_OPERATIONS = {
  token: 'oauth_token',
  exportCreate: 'patent_export_create',
  exportTask: 'patent_export_task',
} as const;

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_LEEWAY_MS = 60_000;
/** "The token is valid for 30 minutes"; used when a token response has no usable expires_in. */
const DEFAULT_TOKEN_TTL_S = 1799;

interface CachedToken {
  token: string;
  /** Epoch ms after which the token is no longer handed out. */
  refreshAt: number;
}

type Auth =
  | { mode: 'client_credentials'; clientId: string; clientSecret: string }
  | { mode: 'api_key'; apiKey: string }
  | { mode: 'none' };

function resolveAuth(opts: PatSnapClientOptions): Auth {
  if (opts.clientId && opts.clientSecret) {
    return { mode: 'client_credentials', clientId: opts.clientId, clientSecret: opts.clientSecret };
  }
  if (opts.apiKey) return { mode: 'api_key', apiKey: opts.apiKey };
  return { mode: 'none' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toFiniteNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}

function toIdString(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function createPatSnapClient(opts: PatSnapClientOptions): PatSnapClient {
  const auth = resolveAuth(opts);
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const leewayMs = opts.tokenLeewayMs ?? DEFAULT_LEEWAY_MS;
  const http = createVendorHttp({
    label: 'PatSnap',
    prefixUrl: opts.baseUrl,
    timeoutMs,
    record: opts.record,
    rateGate: opts.rateGate,
  });
  // Token fetches are idempotent and not polled by anyone: let the HTTP layer retry them.
  const tokenHttp = createVendorHttp({
    label: 'PatSnap',
    prefixUrl: opts.baseUrl,
    timeoutMs,
    record: opts.record,
    rateGate: opts.rateGate,
    retry: 2,
  });

  const secrets = [opts.clientSecret, opts.apiKey, opts.clientId].filter(
    (s): s is string => typeof s === 'string' && s.length >= 4,
  );
  let cached: CachedToken | null = null;
  let inflight: Promise<CachedToken> | null = null;

  /** Removes our own credentials (and the current token) from any vendor-supplied text. */
  const redact = (text: string): string => {
    let out = scrubSecrets(text);
    for (const secret of cached ? [...secrets, cached.token] : secrets)
      out = out.split(secret).join('[redacted]');
    return out;
  };

  const envelopeError = (res: VendorHttpResponse): VendorError | null => {
    const body = res.body;
    if (!isRecord(body) || !('error_code' in body || 'status' in body)) return null;
    const code = toFiniteNumber(body.error_code);
    if (code === null || code === 0) return null;
    const msg = typeof body.error_msg === 'string' ? redact(body.error_msg) : null;
    return mapPatSnapError(code, msg);
  };

  /** Errors for a response that carries no PatSnap error code. */
  const httpError = (res: VendorHttpResponse, what: string): VendorError => {
    const s = res.status;
    if (s === 429)
      return new VendorError('RATE_LIMITED', 'PatSnap: too many requests (HTTP 429)', { transient: true });
    if (s === 408 || s >= 500) {
      return new VendorError('VENDOR_UNAVAILABLE', `PatSnap: service unavailable (HTTP ${s})`, {
        transient: true,
      });
    }
    if (s === 401) return new VendorError('UNAUTHENTICATED', `PatSnap: ${what} were rejected (HTTP 401)`);
    if (s === 403) return new VendorError('FORBIDDEN', 'PatSnap: access denied (HTTP 403)');
    if (s >= 400) return new VendorError('VENDOR_ERROR', `PatSnap: request rejected (HTTP ${s})`);
    // A 2xx we cannot read: the vendor may have acted on the request all the same.
    return new VendorError(
      'VENDOR_UNAVAILABLE',
      `PatSnap: unexpected response (HTTP ${s}, not a PatSnap JSON envelope)`,
      { transient: true, unanswered: true },
    );
  };

  const fetchToken = async (creds: { clientId: string; clientSecret: string }): Promise<CachedToken> => {
    const requestedAt = now();
    const basic = Buffer.from(`${creds.clientId}:${creds.clientSecret}`, 'utf8').toString('base64');
    return tokenHttp.request(
      PATSNAP_OPERATIONS.token,
      {
        method: 'POST',
        path: 'oauth/token',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${basic}`,
        },
        body: 'grant_type=client_credentials',
      },
      (res) => {
        const envErr = envelopeError(res);
        if (envErr) throw envErr;
        if (!res.ok) throw httpError(res, 'the client id and secret');
        const body = res.body;
        const source = isRecord(body) && isRecord(body.data) && !('token' in body) ? body.data : body;
        if (!isRecord(source)) throw httpError(res, 'the client id and secret');
        const token =
          typeof source.token === 'string' && source.token !== ''
            ? source.token
            : typeof source.access_token === 'string' && source.access_token !== ''
              ? source.access_token
              : null;
        if (token === null) {
          throw new VendorError('VENDOR_UNAVAILABLE', 'PatSnap: the token response carried no token', {
            transient: true,
          });
        }
        const ttlMs = (toFiniteNumber(source.expires_in) ?? DEFAULT_TOKEN_TTL_S) * 1000;
        const issuedAt = toFiniteNumber(source.issued_at);
        // A server clock ahead of ours must not stretch the cache beyond the token's real life.
        const start = issuedAt === null ? requestedAt : Math.min(issuedAt, now());
        return { token, refreshAt: start + ttlMs - Math.min(leewayMs, ttlMs / 2) };
      },
    );
  };

  const getToken = (creds: { clientId: string; clientSecret: string }): Promise<CachedToken> => {
    if (cached && now() < cached.refreshAt) return Promise.resolve(cached);
    if (!inflight) {
      const p = fetchToken(creds).then((token) => {
        cached = token;
        return token;
      });
      inflight = p;
      const clear = () => {
        if (inflight === p) inflight = null;
      };
      p.then(clear, clear);
    }
    return inflight;
  };

  const dropToken = (token: CachedToken): void => {
    if (cached === token) cached = null;
  };

  async function callOnce<T>(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    callOpts: PatSnapCallOptions,
    token: CachedToken | null,
  ): Promise<{ ok: true; data: T } | { ok: false; authFailure: boolean; error: VendorError }> {
    const query = { ...callOpts.query };
    const headers: Record<string, string> = {};
    if (auth.mode === 'client_credentials' && token) {
      query.apikey = auth.clientId;
      headers.authorization = `Bearer ${token.token}`;
    } else if (auth.mode === 'api_key') {
      headers.authorization = `Bearer ${auth.apiKey}`;
    }
    let authFailure = false;
    try {
      const data = await http.request(
        operation,
        { method, path, query, headers, json: callOpts.json },
        (res): T => {
          const body = res.body;
          const envErr = envelopeError(res);
          authFailure = res.status === 401 || envErr?.vendorCode === PATSNAP_TOKEN_MISMATCH;
          if (envErr) throw envErr;
          if (res.ok && isRecord(body) && body.status === true && body.error_code === 0) {
            return body.data as T;
          }
          if (isRecord(body) && body.status === false) {
            throw new VendorError('VENDOR_ERROR', 'PatSnap: the request failed without an error code');
          }
          throw httpError(res, 'the credentials');
        },
      );
      return { ok: true, data };
    } catch (error) {
      if (error instanceof VendorError) return { ok: false, authFailure, error };
      throw error;
    }
  }

  async function call<T = unknown>(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    callOpts: PatSnapCallOptions = {},
  ): Promise<T> {
    if (auth.mode === 'none') {
      throw new VendorError(
        'NOT_CONFIGURED',
        'PatSnap is not configured: set PATSNAP_CLIENT_ID and PATSNAP_CLIENT_SECRET, or PATSNAP_API_KEY',
      );
    }
    if (auth.mode === 'api_key') {
      const result = await callOnce<T>(operation, method, path, callOpts, null);
      if (result.ok) return result.data;
      throw result.error;
    }
    const token = await getToken(auth);
    const first = await callOnce<T>(operation, method, path, callOpts, token);
    if (first.ok) return first.data;
    if (!first.authFailure) throw first.error;
    // The token was rejected (expired early, revoked, rotated): fetch a new one once and retry once.
    dropToken(token);
    const fresh = await getToken(auth);
    const second = await callOnce<T>(operation, method, path, callOpts, fresh);
    if (second.ok) return second.data;
    if (second.authFailure) dropToken(fresh);
    throw second.error;
  }

  return {
    call,

    async createExport(req) {
      const data = await call(PATSNAP_OPERATIONS.exportCreate, 'POST', 'patent-search/export', { json: req });
      const taskId = isRecord(data) ? toIdString(data.task_id) : null;
      if (taskId === null) {
        throw new VendorError(
          'VENDOR_ERROR',
          'PatSnap: the export was accepted but no task_id was returned',
          {
            unanswered: true,
          },
        );
      }
      return { taskId, count: isRecord(data) ? toFiniteNumber(data.count) : null };
    },

    async getExportTask(taskId) {
      const data = await call(PATSNAP_OPERATIONS.exportTask, 'GET', 'patent-search/task', {
        query: { task_id: taskId },
      });
      // A status we have never seen is kept and polled again; an answer without any is not P055's.
      if (!isRecord(data) || typeof data.export_status !== 'string') {
        throw new VendorError(
          'VENDOR_UNAVAILABLE',
          'PatSnap: unexpected export task response (no export_status)',
          { transient: true },
        );
      }
      const d = data;
      const status = data.export_status.trim().toUpperCase();
      const url = typeof d.url === 'string' && d.url.trim() !== '' ? d.url.trim() : null;
      return { exportStatus: status || 'UNKNOWN', url, count: toFiniteNumber(d.count) };
    },
  };
}
