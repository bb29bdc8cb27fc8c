import type { VendorRequestRecorder } from '../../observability/metrics.js';
import type { RateGate } from '../../rate-limit/rate-gate.js';
import { createVendorHttp, type VendorHttpResponse } from '../shared/http.js';
import { secretRedactor, VendorError } from '../shared/vendor-error.js';
import { defaultCosOrigin, parseCosnPath, presignCosGetUrl } from './cos-presign.js';
import { mapDlcError, mapDlcHttpStatus } from './error-codes.js';
import { signTc3 } from './signer.js';

/**
 * Tencent Cloud DLC client (README.md §3): API 3.0 `POST /` JSON calls signed with TC3-HMAC-SHA256,
 * the `Response.Error` envelope inside HTTP 200, and minting presigned COS URLs from the temporary
 * credentials DescribeResultDownload returns.
 */

export const DLC_API_VERSION = '2021-01-25';
export const DLC_SERVICE = 'dlc';

export const DLC_OPERATIONS = {
  createResultDownload: 'dlc_create_result_download',
  describeResultDownload: 'dlc_describe_result_download',
} as const;

/**
 * How long a minted COS URL is valid when the vendor does not say how long its temporary
 * credentials live (DescribeResultDownload documents no expiry). 30 minutes is the default
 * lifetime of Tencent STS credentials, so a URL minted from them never outlives its credentials.
 */
export const DEFAULT_COS_URL_TTL_MS = 30 * 60 * 1000;

export interface DlcClientOptions {
  /** e.g. https://dlc.tencentcloudapi.com or http://127.0.0.1:4000/sandbox/tencent-dlc */
  endpoint: string;
  secretId: string;
  secretKey: string;
  /** STS session token (X-TC-Token). */
  token?: string;
  /** X-TC-Region, e.g. ap-guangzhou; also the COS region of the results. */
  region: string;
  timeoutMs?: number;
  record?: VendorRequestRecorder;
  rateGate?: RateGate;
  /** Where a bucket's objects are fetched; default https://<bucket>.cos.<region>.myqcloud.com. */
  cosOrigin?: (bucket: string, region: string) => string;
  /** Longest validity of a minted COS URL; default 30 minutes. */
  cosUrlTtlMs?: number;
  now?: () => Date;
}

export interface ResultDownloadState {
  /** init | queue | format | compress | success | timeout | error */
  status: string;
  path: string | null;
  reason: string | null;
  secretId: string | null;
  secretKey: string | null;
  token: string | null;
  /**
   * When the temporary credentials expire, if the response says so. Not in the documented output;
   * read from `ExpiredTime` (epoch seconds) or `Expiration` (ISO) when present.
   */
  credentialsExpireAt: Date | null;
}

export interface MintedUrl {
  url: string;
  expiresAt: Date;
}

export interface DlcClient {
  readonly region: string;
  /** One API call; returns `Response` (errors already thrown). */
  call(operation: string, action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>>;
  createResultDownload(req: {
    taskId: string;
    format: string;
    force?: boolean;
  }): Promise<{ downloadId: string }>;
  describeResultDownload(downloadId: string): Promise<ResultDownloadState>;
  /** A presigned COS GET URL for a successful download, or null when the state lacks path or credentials. */
  mintDownloadUrl(state: ResultDownloadState): MintedUrl | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function credentialExpiry(r: Record<string, unknown>): Date | null {
  const seconds = typeof r.ExpiredTime === 'number' ? r.ExpiredTime : Number.NaN;
  if (Number.isFinite(seconds) && seconds > 0) return new Date(seconds * 1000);
  const iso = typeof r.Expiration === 'string' ? Date.parse(r.Expiration) : Number.NaN;
  return Number.isFinite(iso) ? new Date(iso) : null;
}

export function createDlcClient(opts: DlcClientOptions): DlcClient {
  const endpoint = opts.endpoint.replace(/\/+$/, '');
  const host = new URL(endpoint).host;
  const now = opts.now ?? (() => new Date());
  const cosOrigin = opts.cosOrigin ?? defaultCosOrigin;
  const cosUrlTtlMs = opts.cosUrlTtlMs ?? DEFAULT_COS_URL_TTL_MS;
  // The gate is awaited before signing (not in the HTTP layer): a call that queued behind a burst must not
  // carry a timestamp that aged while it waited.
  const http = createVendorHttp({
    label: 'Tencent Cloud DLC',
    prefixUrl: endpoint,
    timeoutMs: opts.timeoutMs,
    record: opts.record,
  });
  const redact = secretRedactor([opts.secretKey, opts.token, opts.secretId]);

  const interpret = (res: VendorHttpResponse): Record<string, unknown> => {
    const body = res.body;
    const response = isRecord(body) && isRecord(body.Response) ? body.Response : null;
    if (response === null && res.ok) {
      // A 2xx we cannot read: the vendor may have acted on the request all the same.
      throw new VendorError(
        'VENDOR_UNAVAILABLE',
        `Tencent Cloud DLC: unexpected response (HTTP ${res.status}, not a Tencent Cloud API envelope)`,
        { transient: true, unanswered: true },
      );
    }
    if (response === null) throw mapDlcHttpStatus(res.status);
    if (isRecord(response.Error)) {
      const code = str(response.Error.Code) ?? 'UnknownError';
      throw mapDlcError(code, str(response.Error.Message), redact);
    }
    if (!res.ok) throw mapDlcHttpStatus(res.status);
    return response;
  };

  async function send(operation: string, action: string, body: string) {
    await opts.rateGate?.acquire();
    const signed = signTc3({
      host,
      service: DLC_SERVICE,
      action,
      version: DLC_API_VERSION,
      region: opts.region,
      body,
      secretId: opts.secretId,
      secretKey: opts.secretKey,
      token: opts.token,
      timestamp: Math.floor(now().getTime() / 1000),
    });
    // The body goes out as the very string that was hashed into the signature.
    return http.request(operation, { method: 'POST', path: '', headers: signed.headers, body }, interpret);
  }

  async function call(operation: string, action: string, payload: Record<string, unknown>) {
    const body = JSON.stringify(payload);
    try {
      return await send(operation, action, body);
    } catch (error) {
      // A request that sat in a queue (ours or the network's) can reach the API after its 5-minute
      // window: sign once more with a fresh timestamp. A clock that is really off fails again.
      if (error instanceof VendorError && error.vendorCode === 'AuthFailure.SignatureExpire') {
        return send(operation, action, body);
      }
      throw error;
    }
  }

  return {
    region: opts.region,
    call,

    async createResultDownload(req) {
      const payload: Record<string, unknown> = { TaskId: req.taskId, Format: req.format };
      if (req.force !== undefined) payload.Force = req.force;
      const r = await call(DLC_OPERATIONS.createResultDownload, 'CreateResultDownload', payload);
      const downloadId = str(r.DownloadId);
      if (downloadId === null) {
        throw new VendorError(
          'VENDOR_ERROR',
          'Tencent Cloud DLC: the download was accepted but no DownloadId was returned',
          { unanswered: true },
        );
      }
      return { downloadId };
    },

    async describeResultDownload(downloadId) {
      const r = await call(DLC_OPERATIONS.describeResultDownload, 'DescribeResultDownload', {
        DownloadId: downloadId,
      });
      // A status we have never seen is polled again; an answer without any cannot be followed.
      if (str(r.Status) === null) {
        throw new VendorError(
          'VENDOR_UNAVAILABLE',
          'Tencent Cloud DLC: unexpected DescribeResultDownload response (no Status)',
          { transient: true },
        );
      }
      return {
        status: (str(r.Status) ?? 'unknown').toLowerCase(),
        path: str(r.Path),
        reason: str(r.Reason),
        secretId: str(r.SecretId),
        secretKey: str(r.SecretKey),
        token: str(r.Token),
        credentialsExpireAt: credentialExpiry(r),
      };
    },

    mintDownloadUrl(state) {
      const location = state.path === null ? undefined : parseCosnPath(state.path);
      if (location === undefined || state.secretId === null || state.secretKey === null) return null;
      const startMs = now().getTime();
      let endMs = startMs + cosUrlTtlMs;
      if (state.credentialsExpireAt !== null) endMs = Math.min(endMs, state.credentialsExpireAt.getTime());
      const startSeconds = Math.floor(startMs / 1000);
      const endSeconds = Math.max(startSeconds, Math.floor(endMs / 1000));
      const url = presignCosGetUrl({
        bucket: location.bucket,
        region: opts.region,
        key: location.key,
        secretId: state.secretId,
        secretKey: state.secretKey,
        token: state.token ?? undefined,
        startSeconds,
        endSeconds,
        origin: cosOrigin(location.bucket, opts.region),
      });
      return { url, expiresAt: new Date(endSeconds * 1000) };
    },
  };
}
