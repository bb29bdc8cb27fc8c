/**
 * Alibaba Cloud DMS Enterprise simulator: a `node:http` handler speaking DMS's RPC wire protocol for
 * the data-track result download (../README.md §2): ACS3-HMAC-SHA256 verified from the received bytes
 * (verify-acs3.ts: 15-minute clock window, nonce replay), gateway errors as HTTP 4xx/5xx
 * `{Code, Message}`, business results in the `{Success, ErrorCode, ErrorMessage}` envelope,
 * INIT -> LISTING -> DOWNLOADING -> DOWNLOAD_SUCCESS over `taskMs`, and OSS-style presigned zip
 * downloads (`Expires`, `OSSAccessKeyId`, `Signature` as OSS's V1 query-string signature).
 *
 * Routes under basePath (the adapter's endpoint is `${origin}${basePath}`), served by the cloud-API
 * front door (../cloud-api.ts):
 *   POST|GET /                     RPC API (x-acs-action: DownloadDataTrackResult | QueryDataTrackResultDownloadStatus)
 *   GET|HEAD /oss/<bucket>/<object> presigned download (no API auth, no QPS)
 *   GET  /_stats, POST /_stats/reset, POST /_faults, POST /_faults/clear   test controls
 * Above `qps` calls a second: HTTP 400 Throttling.User.
 *
 * Test switches: a FilterTableList containing "SANDBOX_FAIL" ends in DOWNLOAD_FAIL.
 * The DownloadKeyId is a signed self-describing id, so a restarted sandbox with the same secret
 * still answers for it. The QPS budget, the statistics and the nonce replay memory live in the
 * `state` option: in-process by default, cluster-wide with a RedisSandboxState. Faults stay per instance.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  type Answer,
  type CloudSandbox,
  type CloudSandboxOptions,
  type CloudVendor,
  type CloudVendorSandbox,
  cloudApi,
  type DownloadCall,
  type KeyPairOptions,
  Refusal,
} from '../../shared/sandbox/cloud-api.js';
import { sendBody, sendJson } from '../../shared/sandbox/http.js';
import { constantTimeEqual, signJson, verifySignedJson } from '../../shared/sandbox/signing.js';
import { createZip } from '../../shared/sandbox/zip.js';
import { ACS3_CLOCK_WINDOW_MS, type GatewayError, verifyAcs3 } from './verify-acs3.js';

/** The types of the DMS API this sandbox serves (its operations, faults, errors, parameters). */
export interface DmsApi extends CloudVendor {
  operation: 'DownloadDataTrackResult' | 'QueryDataTrackResultDownloadStatus';
  /**
   * Gateway error codes answer as the vendor's gateway does (HTTP status + `{Code, Message}`);
   * `http503` is an HTML page from a load balancer; `timeout` stalls `delayMs`, then answers normally.
   */
  faultKind: 'Throttling.User' | 'ServiceUnavailable' | 'InternalError' | 'http503' | 'timeout';
  download: 'oss.download';
  /** A gateway error, or with HTTP status 200 a business error in the `Success: false` envelope. */
  error: GatewayError;
  /** The query string. */
  params: URLSearchParams;
}

export type DmsSandbox = CloudVendorSandbox<DmsApi>;

/** With the AccessKey pair (`accessKeyId`, `accessKeySecret`) the API accepts, and `moreKeys`. */
export interface DmsSandboxOptions
  extends CloudSandboxOptions,
    KeyPairOptions<'accessKeyId', 'accessKeySecret'> {
  /** OSS link validity after the download is ready; default 3600 s. */
  linkTtlSeconds?: number;
}

export const DMS_API_VERSION = '2018-11-01';
/** "x-acs-date must be within 15 minutes of the server time." */
export const DMS_CLOCK_WINDOW_MS = ACS3_CLOCK_WINDOW_MS;
/** The OSS bucket of the vendor's sample URL. */
const OSS_BUCKET = 'idbsaasstore';
const OSS_ACCESS_KEY_ID = 'LTAI5tDmsSandboxOss';
const FAIL_MARKER = 'SANDBOX_FAIL';
const KEY_PURPOSE = 'aliyun-dms.download-key.v1';

interface Sandbox extends CloudSandbox<DmsApi> {
  linkTtlSeconds: number;
}

export function createDmsSandbox(opts: DmsSandboxOptions): DmsSandbox {
  const sandbox: Sandbox = {
    ...FRONT_DOOR.sandboxParts(opts, 'accessKeyId', 'accessKeySecret'),
    linkTtlSeconds: opts.linkTtlSeconds ?? 3600,
  };
  return FRONT_DOOR.serve(sandbox);
}

function refuse(status: number, code: string, message: string): Refusal<GatewayError> {
  return new Refusal({ status, code, message });
}

/** A `Success: false` answer in HTTP 200. */
function businessError(code: string, message: string): Refusal<GatewayError> {
  return refuse(200, code, message);
}

function missing(name: string): Refusal<GatewayError> {
  return refuse(400, `Missing${name}`, `${name} is mandatory for this action.`);
}

const INTERNAL_ERROR: GatewayError = {
  status: 500,
  code: 'InternalError',
  message: 'The request processing has failed due to some unknown error, exception or failure.',
};
const THROTTLED: GatewayError = {
  status: 400,
  code: 'Throttling.User',
  message: 'Request was denied due to user flow control.',
};

function sendError(res: ServerResponse, error: GatewayError): void {
  const RequestId = randomUUID().toUpperCase();
  if (error.status === 200) {
    sendJson(res, 200, { RequestId, Success: false, ErrorCode: error.code, ErrorMessage: error.message });
    return;
  }
  sendJson(res, error.status, {
    RequestId,
    HostId: 'dms-enterprise.sandbox.aliyuncs.com',
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=dms-enterprise`,
  });
}

function sendResponse(res: ServerResponse, fields: Record<string, unknown>): void {
  // The vendor's own examples carry "UnknownError" even on success; clients must read Success.
  sendJson(res, 200, {
    RequestId: randomUUID().toUpperCase(),
    Success: true,
    ErrorCode: 'UnknownError',
    ErrorMessage: 'UnknownError',
    ...fields,
  });
}

interface DownloadKey {
  orderId: string;
  rollback: 'REVERSE' | 'FORWARD';
  createdAt: number;
  durationMs: number;
  totalCount: number;
  fails: boolean;
}

const keySchema = z.object({
  o: z.string(),
  r: z.enum(['REVERSE', 'FORWARD']),
  c: z.number(),
  d: z.number(),
  n: z.number().int().min(0),
  F: z.literal(1).optional(),
});

function encodeKey(secret: string, key: DownloadKey): string {
  return signJson(secret, KEY_PURPOSE, {
    o: key.orderId,
    r: key.rollback,
    c: key.createdAt,
    d: key.durationMs,
    n: key.totalCount,
    ...(key.fails ? { F: 1 } : {}),
  });
}

function decodeKey(secret: string, id: string): DownloadKey | undefined {
  const parsed = keySchema.safeParse(verifySignedJson(secret, KEY_PURPOSE, id));
  if (!parsed.success) return undefined;
  const p = parsed.data;
  return { orderId: p.o, rollback: p.r, createdAt: p.c, durationMs: p.d, totalCount: p.n, fails: p.F === 1 };
}

const LONG = /^[1-9]\d{0,18}$/;

function jsonList(value: string | null): unknown[] | undefined | 'invalid' {
  if (value === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : 'invalid';
  } catch {
    return 'invalid';
  }
}

function downloadDataTrackResult(sandbox: Sandbox, q: URLSearchParams, now: number): Answer<GatewayError> {
  const orderId = q.get('OrderId');
  if (orderId === null || orderId === '') return missing('OrderId');
  if (!LONG.test(orderId))
    return refuse(400, 'InvalidParameter', 'The specified parameter OrderId is not valid.');
  const rollback = q.get('RollbackSQLType');
  if (rollback === null || rollback === '') return missing('RollbackSQLType');
  if (rollback !== 'REVERSE' && rollback !== 'FORWARD')
    return businessError('InvalidParameter', 'RollbackSQLType must be REVERSE or FORWARD.');
  const tables = jsonList(q.get('FilterTableList'));
  for (const name of ['FilterTableList', 'FilterTypeList', 'EventIdList']) {
    if (jsonList(q.get(name)) === 'invalid')
      return businessError('InvalidParameter', `${name} must be a JSON array.`);
  }
  const columnFilter = q.get('ColumnFilter');
  if (columnFilter !== null) {
    try {
      const parsed: unknown = JSON.parse(columnFilter);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
    } catch {
      return businessError('InvalidParameter', 'ColumnFilter must be a JSON object.');
    }
  }
  const start = q.get('FilterStartTime');
  const end = q.get('FilterEndTime');
  if (start !== null && end !== null && start > end)
    return businessError('InvalidParameter', 'FilterStartTime must not be after FilterEndTime.');
  const digest = createHash('sha256')
    .update(`${orderId}|${rollback}|${q.get('FilterTableList') ?? ''}`)
    .digest();
  const key: DownloadKey = {
    orderId,
    rollback,
    createdAt: now,
    durationMs: sandbox.taskMs,
    totalCount: 1 + (digest.readUInt32BE(0) % 200),
    fails: Array.isArray(tables) && tables.includes(FAIL_MARKER),
  };
  return { DownloadKeyId: encodeKey(sandbox.secret, key) };
}

function statusAt(key: DownloadKey, now: number): string {
  const elapsed = now - key.createdAt;
  if (elapsed >= key.durationMs) return key.fails ? 'DOWNLOAD_FAIL' : 'DOWNLOAD_SUCCESS';
  const fraction = elapsed / key.durationMs;
  if (fraction < 0.15) return 'INIT';
  if (fraction < 0.3) return 'LISTING';
  return 'DOWNLOADING';
}

function queryStatus(sandbox: Sandbox, q: URLSearchParams, now: number): Answer<GatewayError> {
  const orderId = q.get('OrderId');
  const keyId = q.get('DownloadKeyId');
  if (orderId === null || orderId === '') return missing('OrderId');
  if (keyId === null || keyId === '') return missing('DownloadKeyId');
  const key = decodeKey(sandbox.secret, keyId);
  if (key === undefined || key.orderId !== orderId)
    return businessError('InvalidParameter', 'The download key does not exist for this order.');
  const status = statusAt(key, now);
  const result: Record<string, unknown> = {
    DownloadStatus: status,
    StatusDesc: status,
    TotalCount: key.totalCount,
  };
  if (status === 'DOWNLOAD_SUCCESS') {
    result.StatusDesc = 'SUCCESS';
    result.DownloadUrl = ossUrl(sandbox, keyId, key);
  } else if (status === 'DOWNLOAD_FAIL') {
    result.StatusDesc = 'parse binlog failed';
    result.TotalCount = 0;
  }
  return { StatusResult: result };
}

function ossSecret(sandbox: Sandbox): string {
  return createHmac('sha256', sandbox.secret).update('aliyun-dms.oss-secret.v1').digest('hex');
}

/** OSS V1 query-string signature: Base64(HMAC-SHA1(secret, VERB\n\n\nExpires\n/bucket/object)). */
function ossSignature(sandbox: Sandbox, objectKey: string, expires: string): string {
  return createHmac('sha1', ossSecret(sandbox))
    .update(`GET\n\n\n${expires}\n/${OSS_BUCKET}/${objectKey}`)
    .digest('base64');
}

function objectKeyOf(keyId: string, key: DownloadKey): string {
  const kind = key.rollback === 'REVERSE' ? 'UNDO' : 'REDO';
  return `datatrack/${keyId}/${key.orderId}_${kind}_${key.totalCount}.zip`;
}

/** Everything derives from the finish time, so every poll and every restart hands out the same URL. */
function ossUrl(sandbox: Sandbox, keyId: string, key: DownloadKey): string {
  const objectKey = objectKeyOf(keyId, key);
  const expires = String(Math.floor((key.createdAt + key.durationMs) / 1000) + sandbox.linkTtlSeconds);
  const origin = sandbox.publicOrigin().replace(/\/+$/, '');
  return `${origin}${sandbox.basePath}/oss/${OSS_BUCKET}/${objectKey}?Expires=${expires}&OSSAccessKeyId=${OSS_ACCESS_KEY_ID}&Signature=${encodeURIComponent(ossSignature(sandbox, objectKey, expires))}`;
}

/** OSS's XML error document. */
function ossErrorXml(code: string, message: string): string {
  const requestId = randomUUID().replace(/-/g, '').toUpperCase().slice(0, 24);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n  <RequestId>${requestId}</RequestId>\n  <HostId>${OSS_BUCKET}.oss-sandbox.aliyuncs.com</HostId>\n</Error>\n`;
}

/** A presigned OSS GET; the signature is checked before the expiry, so a stretched Expires fails as a bad signature. */
async function serveOss(sandbox: Sandbox, { path, url, res, headOnly }: DownloadCall): Promise<void> {
  const deny = (status: number, code: string, message: string) =>
    sendBody(res, status, { 'Content-Type': 'application/xml' }, ossErrorXml(code, message), headOnly);
  const prefix = `/oss/${OSS_BUCKET}/`;
  if (!path.startsWith(prefix)) return deny(404, 'NoSuchBucket', 'The specified bucket does not exist.');
  let objectKey: string;
  try {
    objectKey = decodeURIComponent(path.slice(prefix.length));
  } catch {
    return deny(404, 'NoSuchKey', 'The specified key does not exist.');
  }
  const expires = url.searchParams.get('Expires');
  const signature = url.searchParams.get('Signature');
  if (
    expires === null ||
    signature === null ||
    url.searchParams.get('OSSAccessKeyId') !== OSS_ACCESS_KEY_ID
  ) {
    return deny(403, 'AccessDenied', 'You have no right to access this object because of bucket acl.');
  }
  if (!constantTimeEqual(signature, ossSignature(sandbox, objectKey, expires))) {
    return deny(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
  if (sandbox.now() >= Number(expires) * 1000) {
    return deny(403, 'AccessDenied', 'Request has expired.');
  }
  const parts = objectKey.split('/');
  const key = parts.length === 3 ? decodeKey(sandbox.secret, parts[1] as string) : undefined;
  if (key === undefined || key.fails) return deny(404, 'NoSuchKey', 'The specified key does not exist.');
  const fileName = parts[2] as string;
  const sql = renderSql(key);
  const zip = createZip(
    [{ name: fileName.replace(/\.zip$/, '.sql'), data: sql }],
    new Date(key.createdAt + key.durationMs),
  );
  sendBody(
    res,
    200,
    {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      ETag: `"${createHash('sha256').update(zip).digest('hex').slice(0, 32).toUpperCase()}"`,
    },
    zip,
    headOnly,
  );
}

function renderSql(key: DownloadKey): string {
  const lines = [
    `-- DMS data tracking (sandbox), order ${key.orderId}, ${key.rollback === 'REVERSE' ? 'UNDO' : 'REDO'} SQL`,
  ];
  for (let i = 1; i <= key.totalCount; i += 1) {
    lines.push(
      key.rollback === 'REVERSE'
        ? `UPDATE \`orders\` SET \`status\` = 'PAID' WHERE \`id\` = ${i} LIMIT 1;`
        : `UPDATE \`orders\` SET \`status\` = 'REFUNDED' WHERE \`id\` = ${i} LIMIT 1;`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const FRONT_DOOR = cloudApi<DmsApi, Sandbox>({
  vendor: 'DMS',
  actionHeader: 'x-acs-action',
  methods: ['POST', 'GET'],
  maxBodyBytes: 1024 * 1024,
  maxControlBodyBytes: 1024 * 1024,
  actions: {
    DownloadDataTrackResult: downloadDataTrackResult,
    QueryDataTrackResultDownloadStatus: queryStatus,
  },
  faults: {
    'Throttling.User': THROTTLED,
    ServiceUnavailable: {
      status: 503,
      code: 'ServiceUnavailable',
      message: 'The request has failed due to a temporary failure of the server.',
    },
    InternalError: INTERNAL_ERROR,
  },
  async verify(sandbox, call) {
    const outcome = await verifyAcs3(
      {
        method: call.req.method ?? 'POST',
        rawQuery: call.rawQuery,
        headers: call.req.headers,
        body: call.body,
      },
      call.now,
      { secretOf: (id) => sandbox.keys.get(id), claimNonce: (...args) => sandbox.state.claimNonce(...args) },
    );
    return 'refusal' in outcome ? new Refusal(outcome.refusal) : { keyId: outcome.accessKeyId };
  },
  params(_sandbox, call) {
    if (call.header('x-acs-version') !== DMS_API_VERSION)
      return refuse(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    return new URLSearchParams(call.rawQuery);
  },
  download: { prefix: '/oss/', counted: 'oss.download', serve: serveOss },
  errors: {
    notFound: {
      status: 404,
      code: 'InvalidAction.NotFound',
      message: 'Specified api is not found, please check your url and method.',
    },
    invalidAction: { status: 403, code: 'InvalidAction', message: 'Specified action is not valid.' },
    rateLimited: THROTTLED,
    bodyTooLarge: { status: 400, code: 'InvalidParameter', message: 'The request body is too large.' },
    internal: INTERNAL_ERROR,
  },
  sendError,
  sendResponse,
});
