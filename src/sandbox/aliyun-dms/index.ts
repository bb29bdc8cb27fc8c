/**
 * Alibaba Cloud DMS Enterprise simulator: a `node:http` handler speaking DMS's RPC wire protocol for
 * the data-track result download (vendors.md §2): ACS3-HMAC-SHA256 verified from the received bytes
 * (15-minute clock window, nonce replay), gateway errors as HTTP 4xx/5xx `{Code, Message}`, business
 * results in the `{Success, ErrorCode, ErrorMessage}` envelope, INIT -> LISTING -> DOWNLOADING ->
 * DOWNLOAD_SUCCESS over `taskMs`, and OSS-style presigned zip downloads (`Expires`, `OSSAccessKeyId`,
 * `Signature` as OSS's V1 query-string signature).
 *
 * Routes under basePath (the adapter's endpoint is `${origin}${basePath}`):
 *   POST|GET /                     RPC API (x-acs-action: DownloadDataTrackResult | QueryDataTrackResultDownloadStatus)
 *   GET|HEAD /oss/<bucket>/<object> presigned download (no API auth, no QPS)
 *   GET  /_stats, POST /_stats/reset, POST /_faults, POST /_faults/clear   test controls
 *
 * Test switches: a FilterTableList containing "SANDBOX_FAIL" ends in DOWNLOAD_FAIL.
 * The DownloadKeyId is a signed self-describing id, so a restarted sandbox with the same secret
 * still answers for it. The QPS budget, the statistics and the nonce replay memory live in the
 * `state` option: in-process by default, cluster-wide with a RedisSandboxState. Faults stay per instance.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  acs3CanonicalRequest,
  acs3Signature,
  acs3StringToSign,
  canonicalizeHeaders,
  canonicalQueryString,
  parseAcs3Authorization,
  sha256Hex,
} from '../../vendors/aliyun-dms/signer.js';
import { assertSandboxOptions, controlRoutes, type VendorSandbox, vendorSandbox } from '../control-routes.js';
import { type ActiveFault, playFault } from '../fault-queue.js';
import { BodyTooLargeError, clientGone, pathBelow, readBody, sendBody, sendJson } from '../http.js';
import { constantTimeEqual, signJson, verifySignedJson } from '../signing.js';
import { MemorySandboxState, type SandboxState } from '../state.js';
import { createZip } from '../zip.js';
import {
  type DmsApiOperation,
  type DmsFaultKind,
  type DmsFaultSpec,
  type DmsFaults,
  type DmsSandboxStats,
  type DmsStatsSnapshot,
  FaultQueue,
  parseDmsFaultSpec,
  Stats,
  snapshotOf,
  statsOfCounters,
} from './support.js';

export type {
  DmsApiOperation,
  DmsFaultKind,
  DmsFaultSpec,
  DmsFaults,
  DmsSandboxStats,
  DmsStatsSnapshot,
} from './support.js';

export interface DmsSandboxOptions {
  /** e.g. '/sandbox/aliyun-dms' */
  basePath: string;
  /** e.g. 'http://127.0.0.1:4000'; used to build download URLs. */
  publicOrigin: () => string;
  /** From creation to DOWNLOAD_SUCCESS (SANDBOX_TASK_MS). */
  taskMs: number;
  /** Accepted API calls per second; above it -> HTTP 400 Throttling.User. */
  qps: number;
  /** Signs download key ids and OSS links; keep it stable across restarts (SANDBOX_SECRET). */
  secret: string;
  /** The AccessKey pair the sandbox accepts. */
  accessKeyId: string;
  accessKeySecret: string;
  /** More AccessKey pairs it accepts (other accounts: tenants with their own credentials). */
  moreKeys?: readonly { accessKeyId: string; accessKeySecret: string }[];
  /** OSS link validity after the download is ready; default 3600 s. */
  linkTtlSeconds?: number;
  now?: () => number;
  /** Budget, statistics and nonces; default in-process, cluster-wide with a RedisSandboxState. */
  state?: SandboxState;
}

export type DmsSandbox = VendorSandbox<DmsSandboxStats, DmsStatsSnapshot, DmsFaults>;

export const DMS_API_VERSION = '2018-11-01';
/** "x-acs-date must be within 15 minutes of the server time." */
export const DMS_CLOCK_WINDOW_MS = 15 * 60 * 1000;
/** The OSS bucket of the vendor's sample URL. */
const OSS_BUCKET = 'idbsaasstore';
const OSS_ACCESS_KEY_ID = 'LTAI5tDmsSandboxOss';
const MAX_BODY_BYTES = 1024 * 1024;
const FAIL_MARKER = 'SANDBOX_FAIL';
const KEY_PURPOSE = 'aliyun-dms.download-key.v1';
const ACS_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

interface Sandbox {
  basePath: string;
  publicOrigin: () => string;
  taskMs: number;
  secret: string;
  /** AccessKeyId -> AccessKeySecret of every key pair the API accepts. */
  keys: ReadonlyMap<string, string>;
  linkTtlSeconds: number;
  now: () => number;
  qps: number;
  /** Budget, cluster-wide statistics and used nonces. */
  state: SandboxState;
  faults: FaultQueue;
  /** This instance's view. */
  stats: Stats;
}

interface GatewayError {
  status: number;
  code: string;
  message: string;
}

/** How GET /_stats shows this sandbox's figures. */
const STATS_SHAPE = { snapshotOf, statsOfCounters };

export function createDmsSandbox(opts: DmsSandboxOptions): DmsSandbox {
  const basePath = opts.basePath.replace(/\/+$/, '');
  assertSandboxOptions('DMS', { ...opts, basePath }, [
    (opts.accessKeyId === '' || opts.accessKeySecret === '') &&
      'accessKeyId and accessKeySecret are required',
  ]);
  const sandbox: Sandbox = {
    basePath,
    publicOrigin: opts.publicOrigin,
    taskMs: opts.taskMs,
    secret: opts.secret,
    keys: new Map([
      [opts.accessKeyId, opts.accessKeySecret],
      ...(opts.moreKeys ?? []).map((k): [string, string] => [k.accessKeyId, k.accessKeySecret]),
    ]),
    linkTtlSeconds: opts.linkTtlSeconds ?? 3600,
    now: opts.now ?? Date.now,
    qps: opts.qps,
    state: opts.state ?? new MemorySandboxState(),
    faults: new FaultQueue(),
    stats: new Stats(),
  };
  return vendorSandbox(sandbox, handle, STATS_SHAPE);
}

async function handle(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    await route(sandbox, req, res);
  } catch (error) {
    if (error instanceof BodyTooLargeError) res.setHeader('Connection', 'close');
    if (!clientGone(res)) {
      await sendGatewayError(
        sandbox,
        res,
        error instanceof BodyTooLargeError ? BODY_TOO_LARGE : INTERNAL_ERROR,
      );
    }
  }
  if (!res.headersSent && !clientGone(res)) await sendGatewayError(sandbox, res, INTERNAL_ERROR);
}

const INTERNAL_ERROR: GatewayError = {
  status: 500,
  code: 'InternalError',
  message: 'The request processing has failed due to some unknown error, exception or failure.',
};
const BODY_TOO_LARGE: GatewayError = {
  status: 400,
  code: 'InvalidParameter',
  message: 'The request body is too large.',
};

/** Counted before it is sent, so whoever reads the statistics after the answer finds it there. */
async function sendGatewayError(sandbox: Sandbox, res: ServerResponse, error: GatewayError): Promise<void> {
  sandbox.stats.recordError(error.code);
  await sandbox.state.countError(error.code);
  const requestId = randomUUID().toUpperCase();
  sendJson(res, error.status, {
    RequestId: requestId,
    HostId: 'dms-enterprise.sandbox.aliyuncs.com',
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=dms-enterprise`,
  });
}

function sendBusiness(res: ServerResponse, fields: Record<string, unknown>): void {
  // The vendor's own examples carry "UnknownError" even on success; clients must read Success.
  sendJson(res, 200, {
    RequestId: randomUUID().toUpperCase(),
    Success: true,
    ErrorCode: 'UnknownError',
    ErrorMessage: 'UnknownError',
    ...fields,
  });
}

async function sendBusinessError(
  sandbox: Sandbox,
  res: ServerResponse,
  code: string,
  message: string,
): Promise<void> {
  sandbox.stats.recordError(code);
  await sandbox.state.countError(code);
  sendJson(res, 200, {
    RequestId: randomUUID().toUpperCase(),
    Success: false,
    ErrorCode: code,
    ErrorMessage: message,
  });
}

async function route(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawUrl = req.url ?? '/';
  const url = new URL(rawUrl, 'http://sandbox.invalid');
  const pathname = url.pathname;
  const path = pathBelow(sandbox.basePath, pathname);
  const method = req.method ?? 'GET';
  if (path === undefined) return sendGatewayError(sandbox, res, NOT_FOUND);
  if (path.startsWith('/oss/') && (method === 'GET' || method === 'HEAD'))
    return serveOss(sandbox, req, res, path, url);
  const control = CONTROL_ROUTES[`${method} ${path}`];
  if (control !== undefined) return control(sandbox, req, res);
  if (path === '/' && (method === 'POST' || method === 'GET')) return callApi(sandbox, req, res, rawUrl);
  return sendGatewayError(sandbox, res, NOT_FOUND);
}

const NOT_FOUND: GatewayError = {
  status: 404,
  code: 'InvalidAction.NotFound',
  message: 'Specified api is not found, please check your url and method.',
};

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function operationOf(action: string | undefined): DmsApiOperation | 'other' {
  return action === 'DownloadDataTrackResult' || action === 'QueryDataTrackResultDownloadStatus'
    ? action
    : 'other';
}

/** The vendor's front door, in its order: count, QPS, scripted faults, signature, version, action. */
async function callApi(
  sandbox: Sandbox,
  req: IncomingMessage,
  res: ServerResponse,
  rawUrl: string,
): Promise<void> {
  const now = sandbox.now();
  const operation = operationOf(header(req, 'x-acs-action'));
  sandbox.stats.recordCall(operation, now);
  if (!(await sandbox.state.admitApiCall({ operation, nowMs: now, qps: sandbox.qps }))) {
    sandbox.stats.rejectedForRate += 1;
    return sendGatewayError(sandbox, res, {
      status: 400,
      code: 'Throttling.User',
      message: 'Request was denied due to user flow control.',
    });
  }
  const fault = sandbox.faults.take(operation);
  if (fault !== undefined && !(await applyFault(sandbox, fault, res))) return;
  const body = await readBody(req, MAX_BODY_BYTES);
  const query = new URLSearchParams(rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '');
  const refusal = await verifyRequest(sandbox, req, query, body, now);
  if (refusal !== undefined) return sendGatewayError(sandbox, res, refusal);
  if (header(req, 'x-acs-version') !== DMS_API_VERSION) {
    return sendGatewayError(sandbox, res, {
      status: 400,
      code: 'InvalidVersion',
      message: 'Specified parameter Version is not valid.',
    });
  }
  if (operation === 'DownloadDataTrackResult') return downloadDataTrackResult(sandbox, res, query, now);
  if (operation === 'QueryDataTrackResultDownloadStatus') return queryStatus(sandbox, res, query, now);
  return sendGatewayError(sandbox, res, {
    status: 403,
    code: 'InvalidAction',
    message: 'Specified action is not valid.',
  });
}

function applyFault(
  sandbox: Sandbox,
  fault: ActiveFault<DmsFaultKind>,
  res: ServerResponse,
): Promise<boolean> {
  return playFault(fault, res, (kind) => {
    switch (kind) {
      case 'Throttling.User':
        return sendGatewayError(sandbox, res, {
          status: 400,
          code: 'Throttling.User',
          message: 'Request was denied due to user flow control.',
        });
      case 'ServiceUnavailable':
        return sendGatewayError(sandbox, res, {
          status: 503,
          code: 'ServiceUnavailable',
          message: 'The request has failed due to a temporary failure of the server.',
        });
      case 'InternalError':
        return sendGatewayError(sandbox, res, INTERNAL_ERROR);
    }
  });
}

const REQUIRED_SIGNED = [
  'host',
  'x-acs-action',
  'x-acs-version',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-content-sha256',
];

/** ACS3 verification as the vendor's gateway does it, from the bytes received; the nonce last. */
async function verifyRequest(
  sandbox: Sandbox,
  req: IncomingMessage,
  query: URLSearchParams,
  body: Buffer,
  now: number,
): Promise<GatewayError | undefined> {
  const auth = parseAcs3Authorization(header(req, 'authorization'));
  if (auth === undefined) {
    return {
      status: 400,
      code: 'IncompleteSignature',
      message: 'The request signature does not conform to Aliyun standards.',
    };
  }
  for (const name of REQUIRED_SIGNED) {
    if (header(req, name) === undefined) {
      return {
        status: 400,
        code: 'MissingParameter',
        message: `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
      };
    }
  }
  const date = header(req, 'x-acs-date') ?? '';
  const m = ACS_DATE.exec(date);
  const signedAt = m ? Date.parse(date) : Number.NaN;
  if (!Number.isFinite(signedAt)) {
    return {
      status: 400,
      code: 'InvalidTimeStamp.Format',
      message: 'Specified time stamp or date value is not well formatted.',
    };
  }
  const accessKeySecret = sandbox.keys.get(auth.accessKeyId);
  if (accessKeySecret === undefined) {
    return {
      status: 404,
      code: 'InvalidAccessKeyId.NotFound',
      message: 'Specified access key is not found.',
    };
  }
  if (Math.abs(now - signedAt) > DMS_CLOCK_WINDOW_MS) {
    return {
      status: 400,
      code: 'InvalidTimeStamp.Expired',
      message: 'Specified time stamp or date value is expired.',
    };
  }
  if (REQUIRED_SIGNED.some((n) => !auth.signedHeaders.includes(n))) {
    return {
      status: 400,
      code: 'IncompleteSignature',
      message: `SignedHeaders must include ${REQUIRED_SIGNED.join(';')}.`,
    };
  }
  const canonicalRequest = acs3CanonicalRequest({
    method: req.method ?? 'POST',
    canonicalUri: '/',
    canonicalQuery: canonicalQueryString([...query.entries()]),
    headers: canonicalizeHeaders(req.headers, auth.signedHeaders),
    // From the body received, not from the x-acs-content-sha256 the client claims.
    hashedPayload: sha256Hex(body),
  });
  const stringToSign = acs3StringToSign(canonicalRequest);
  if (!constantTimeEqual(auth.signature, acs3Signature(accessKeySecret, stringToSign))) {
    return {
      status: 400,
      code: 'SignatureDoesNotMatch',
      message: `Specified signature does not match our calculation. server string to sign is:${stringToSign}`,
    };
  }
  const nonce = header(req, 'x-acs-signature-nonce') ?? '';
  // Remembered until a request carrying it can no longer pass the clock window.
  if (!(await sandbox.state.claimNonce(nonce, now, signedAt + DMS_CLOCK_WINDOW_MS))) {
    return {
      status: 400,
      code: 'SignatureNonceUsed',
      message: 'Specified signature nonce was used already.',
    };
  }
  sandbox.stats.recordKeyId(auth.accessKeyId);
  return undefined;
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

function missing(name: string): GatewayError {
  return { status: 400, code: `Missing${name}`, message: `${name} is mandatory for this action.` };
}

async function downloadDataTrackResult(
  sandbox: Sandbox,
  res: ServerResponse,
  q: URLSearchParams,
  now: number,
): Promise<void> {
  const orderId = q.get('OrderId');
  if (orderId === null || orderId === '') return sendGatewayError(sandbox, res, missing('OrderId'));
  if (!LONG.test(orderId)) {
    return sendGatewayError(sandbox, res, {
      status: 400,
      code: 'InvalidParameter',
      message: 'The specified parameter OrderId is not valid.',
    });
  }
  const rollback = q.get('RollbackSQLType');
  if (rollback === null || rollback === '') return sendGatewayError(sandbox, res, missing('RollbackSQLType'));
  if (rollback !== 'REVERSE' && rollback !== 'FORWARD') {
    return sendBusinessError(sandbox, res, 'InvalidParameter', 'RollbackSQLType must be REVERSE or FORWARD.');
  }
  const tables = jsonList(q.get('FilterTableList'));
  for (const name of ['FilterTableList', 'FilterTypeList', 'EventIdList']) {
    if (jsonList(q.get(name)) === 'invalid') {
      return sendBusinessError(sandbox, res, 'InvalidParameter', `${name} must be a JSON array.`);
    }
  }
  const columnFilter = q.get('ColumnFilter');
  if (columnFilter !== null) {
    try {
      const parsed: unknown = JSON.parse(columnFilter);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
    } catch {
      return sendBusinessError(sandbox, res, 'InvalidParameter', 'ColumnFilter must be a JSON object.');
    }
  }
  const start = q.get('FilterStartTime');
  const end = q.get('FilterEndTime');
  if (start !== null && end !== null && start > end) {
    return sendBusinessError(
      sandbox,
      res,
      'InvalidParameter',
      'FilterStartTime must not be after FilterEndTime.',
    );
  }
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
  sendBusiness(res, { DownloadKeyId: encodeKey(sandbox.secret, key) });
}

function statusAt(key: DownloadKey, now: number): string {
  const elapsed = now - key.createdAt;
  if (elapsed >= key.durationMs) return key.fails ? 'DOWNLOAD_FAIL' : 'DOWNLOAD_SUCCESS';
  const fraction = elapsed / key.durationMs;
  if (fraction < 0.15) return 'INIT';
  if (fraction < 0.3) return 'LISTING';
  return 'DOWNLOADING';
}

async function queryStatus(
  sandbox: Sandbox,
  res: ServerResponse,
  q: URLSearchParams,
  now: number,
): Promise<void> {
  const orderId = q.get('OrderId');
  const keyId = q.get('DownloadKeyId');
  if (orderId === null || orderId === '') return sendGatewayError(sandbox, res, missing('OrderId'));
  if (keyId === null || keyId === '') return sendGatewayError(sandbox, res, missing('DownloadKeyId'));
  const key = decodeKey(sandbox.secret, keyId);
  if (key === undefined || key.orderId !== orderId) {
    return sendBusinessError(
      sandbox,
      res,
      'InvalidParameter',
      'The download key does not exist for this order.',
    );
  }
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
  sendBusiness(res, { StatusResult: result });
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

function sendOssError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headOnly: boolean,
): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n  <RequestId>${randomUUID().replace(/-/g, '').toUpperCase().slice(0, 24)}</RequestId>\n  <HostId>${OSS_BUCKET}.oss-sandbox.aliyuncs.com</HostId>\n</Error>\n`;
  sendBody(res, status, { 'Content-Type': 'application/xml' }, xml, headOnly);
}

/** A presigned OSS GET; the signature is checked before the expiry, so a stretched Expires fails as a bad signature. */
async function serveOss(
  sandbox: Sandbox,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  url: URL,
): Promise<void> {
  sandbox.stats.calls['oss.download'] += 1;
  await sandbox.state.countCall('oss.download');
  const headOnly = req.method === 'HEAD';
  const prefix = `/oss/${OSS_BUCKET}/`;
  if (!path.startsWith(prefix))
    return sendOssError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist.', headOnly);
  let objectKey: string;
  try {
    objectKey = decodeURIComponent(path.slice(prefix.length));
  } catch {
    return sendOssError(res, 404, 'NoSuchKey', 'The specified key does not exist.', headOnly);
  }
  const expires = url.searchParams.get('Expires');
  const signature = url.searchParams.get('Signature');
  if (
    expires === null ||
    signature === null ||
    url.searchParams.get('OSSAccessKeyId') !== OSS_ACCESS_KEY_ID
  ) {
    return sendOssError(
      res,
      403,
      'AccessDenied',
      'You have no right to access this object because of bucket acl.',
      headOnly,
    );
  }
  if (!constantTimeEqual(signature, ossSignature(sandbox, objectKey, expires))) {
    return sendOssError(
      res,
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      headOnly,
    );
  }
  if (sandbox.now() >= Number(expires) * 1000) {
    return sendOssError(res, 403, 'AccessDenied', 'Request has expired.', headOnly);
  }
  const parts = objectKey.split('/');
  const key = parts.length === 3 ? decodeKey(sandbox.secret, parts[1] as string) : undefined;
  if (key === undefined || key.fails)
    return sendOssError(res, 404, 'NoSuchKey', 'The specified key does not exist.', headOnly);
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
      ETag: `"${sha256Hex(zip).slice(0, 32).toUpperCase()}"`,
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

const CONTROL_ROUTES = controlRoutes<Sandbox, DmsSandboxStats, DmsFaultSpec>({
  shape: STATS_SHAPE,
  parseFaultSpec: parseDmsFaultSpec,
  maxBodyBytes: MAX_BODY_BYTES,
});
