import type { VendorRequestRecorder } from '../../observability/metrics.js';
import type { RateGate } from '../../rate-limit/rate-gate.js';
import { createVendorHttp, type VendorHttpResponse } from '../shared/http.js';
import { secretRedactor, VendorError } from '../shared/vendor-error.js';
import { mapDmsError, mapDmsHttpStatus, parseXmlError } from './error-codes.js';
import { newSignatureNonce, signAcs3 } from './signer.js';

/**
 * Alibaba Cloud DMS Enterprise client (README.md §2): RPC style, `POST /` with every business
 * parameter in the query string and an empty body, ACS3-HMAC-SHA256 signed, the
 * `{Success, ErrorCode, ErrorMessage}` envelope and gateway errors mapped to VendorErrors.
 */

export const DMS_API_VERSION = '2018-11-01';

export const DMS_OPERATIONS = {
  downloadDataTrackResult: 'dms_download_data_track_result',
  queryDownloadStatus: 'dms_query_data_track_result_download_status',
} as const;

export interface DmsClientOptions {
  /** e.g. https://dms-enterprise.cn-hangzhou.aliyuncs.com or http://127.0.0.1:4000/sandbox/aliyun-dms */
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** STS credentials only. */
  securityToken?: string;
  timeoutMs?: number;
  record?: VendorRequestRecorder;
  /** The credential's call budget (ALIYUN_DMS_QPS). */
  rateGate?: RateGate;
  now?: () => Date;
  /** Default: 16 random bytes, hex. */
  nonce?: () => string;
}

/** A business parameter; lists and objects are JSON-encoded as the official SDK "shrinks" them. */
export type DmsParam = string | number | boolean | readonly unknown[] | Record<string, unknown> | undefined;

export interface DownloadDataTrackResultRequest {
  /** long, kept as a decimal string so int64 ids stay exact. */
  OrderId: string;
  RollbackSQLType: 'REVERSE' | 'FORWARD';
  FilterStartTime?: string;
  FilterEndTime?: string;
  FilterTableList?: string[];
  FilterTypeList?: string[];
  ColumnFilter?: Record<string, unknown>;
  /** long values as decimal strings; sent as a JSON array of numbers. */
  EventIdList?: string[];
  Tid?: string;
}

export interface DataTrackDownloadStatus {
  downloadStatus: string;
  downloadUrl: string | null;
  statusDesc: string | null;
  totalCount: number | null;
}

export interface DmsClient {
  /** One RPC call; returns the response body (Success already checked). */
  call(operation: string, action: string, params: Record<string, DmsParam>): Promise<Record<string, unknown>>;
  downloadDataTrackResult(req: DownloadDataTrackResultRequest): Promise<{ downloadKeyId: string }>;
  queryDataTrackResultDownloadStatus(req: {
    orderId: string;
    downloadKeyId: string;
    tid?: string;
  }): Promise<DataTrackDownloadStatus>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toFiniteNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return null;
}

/** Decimal strings of int64 values written as bare JSON numbers, exactly as the SDK's json-bigint would. */
function eventIdListJson(ids: readonly string[]): string {
  return `[${ids.join(',')}]`;
}

export function encodeDmsParam(name: string, value: DmsParam): string | undefined {
  if (value === undefined) return undefined;
  if (name === 'EventIdList' && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return eventIdListJson(value as string[]);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function createDmsClient(opts: DmsClientOptions): DmsClient {
  const endpoint = opts.endpoint.replace(/\/+$/, '');
  const host = new URL(endpoint).host;
  const now = opts.now ?? (() => new Date());
  const nonce = opts.nonce ?? newSignatureNonce;
  // The gate is awaited here, before signing, not inside the HTTP layer: a call queued behind a burst must not
  // carry an x-acs-date that aged while it waited.
  const http = createVendorHttp({
    label: 'Alibaba Cloud DMS',
    prefixUrl: endpoint,
    timeoutMs: opts.timeoutMs,
    record: opts.record,
  });
  const redact = secretRedactor([opts.accessKeySecret, opts.securityToken, opts.accessKeyId]);

  const interpret = (res: VendorHttpResponse): Record<string, unknown> => {
    const body = res.body;
    if (!res.ok) {
      if (isRecord(body) && typeof body.Code === 'string') {
        throw mapDmsError(
          body.Code,
          typeof body.Message === 'string' ? body.Message : null,
          res.status,
          redact,
        );
      }
      const xml = parseXmlError(res.text);
      if (xml) throw mapDmsError(xml.code, xml.message, res.status, redact);
      throw mapDmsHttpStatus(res.status);
    }
    // A 2xx we cannot read (not JSON, or JSON that is not a DMS answer): the vendor may have acted.
    if (!isRecord(body)) {
      throw new VendorError('VENDOR_UNAVAILABLE', 'Alibaba Cloud DMS: unexpected response (not JSON)', {
        transient: true,
        unanswered: true,
      });
    }
    if (typeof body.Code === 'string' && body.Success === undefined) {
      // A gateway error (throttling, signature…) that came with HTTP 200.
      throw mapDmsError(body.Code, typeof body.Message === 'string' ? body.Message : null, null, redact);
    }
    if (typeof body.Success !== 'boolean') {
      throw new VendorError(
        'VENDOR_UNAVAILABLE',
        'Alibaba Cloud DMS: unexpected response (JSON without Success, not a DMS answer)',
        { transient: true, unanswered: true },
      );
    }
    // Success responses also carry ErrorCode "UnknownError" in the vendor's own examples: only Success counts.
    if (body.Success !== true) {
      const code =
        typeof body.ErrorCode === 'string' && body.ErrorCode !== '' ? body.ErrorCode : 'UnknownError';
      throw mapDmsError(code, typeof body.ErrorMessage === 'string' ? body.ErrorMessage : null, null, redact);
    }
    return body;
  };

  async function call(operation: string, action: string, params: Record<string, DmsParam>) {
    const query: [string, string][] = [];
    for (const [name, value] of Object.entries(params)) {
      const encoded = encodeDmsParam(name, value);
      if (encoded !== undefined) query.push([name, encoded]);
    }
    await opts.rateGate?.acquire();
    const signed = signAcs3({
      method: 'POST',
      pathname: '/',
      host,
      query,
      action,
      version: DMS_API_VERSION,
      accessKeyId: opts.accessKeyId,
      accessKeySecret: opts.accessKeySecret,
      securityToken: opts.securityToken,
      date: now(),
      nonce: nonce(),
    });
    // The query is sent pre-encoded (not via `query`, which URLSearchParams would encode with spaces as `+`)
    // so the bytes on the wire are the canonical query that was signed.
    return http.request(
      operation,
      {
        method: 'POST',
        path: signed.queryString === '' ? '' : `?${signed.queryString}`,
        headers: signed.headers,
      },
      interpret,
    );
  }

  return {
    call,

    async downloadDataTrackResult(req) {
      const body = await call(DMS_OPERATIONS.downloadDataTrackResult, 'DownloadDataTrackResult', { ...req });
      const key = body.DownloadKeyId;
      if (typeof key !== 'string' || key.trim() === '') {
        throw new VendorError(
          'VENDOR_ERROR',
          'Alibaba Cloud DMS: the download was accepted but no DownloadKeyId was returned',
          { unanswered: true },
        );
      }
      return { downloadKeyId: key.trim() };
    },

    async queryDataTrackResultDownloadStatus(req) {
      const body = await call(DMS_OPERATIONS.queryDownloadStatus, 'QueryDataTrackResultDownloadStatus', {
        OrderId: req.orderId,
        DownloadKeyId: req.downloadKeyId,
        Tid: req.tid,
      });
      // A status we have never seen is polled again; an answer without any cannot be followed.
      const r = body.StatusResult;
      if (!isRecord(r) || typeof r.DownloadStatus !== 'string') {
        throw new VendorError(
          'VENDOR_UNAVAILABLE',
          'Alibaba Cloud DMS: unexpected download status response (no StatusResult.DownloadStatus)',
          { transient: true },
        );
      }
      const status = r.DownloadStatus.trim().toUpperCase();
      // The vendor's own sample URL ends in "\n".
      const url =
        typeof r.DownloadUrl === 'string' && r.DownloadUrl.trim() !== '' ? r.DownloadUrl.trim() : null;
      return {
        downloadStatus: status || 'UNKNOWN',
        downloadUrl: url,
        statusDesc: typeof r.StatusDesc === 'string' ? r.StatusDesc : null,
        totalCount: toFiniteNumber(r.TotalCount),
      };
    },
  };
}
