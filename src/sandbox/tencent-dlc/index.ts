/**
 * Tencent Cloud DLC simulator: a `node:http` handler speaking API 3.0 for the query-result download
 * (vendors.md §3): TC3-HMAC-SHA256 verified from the received bytes (5-minute clock window, session
 * token), errors in `Response.Error` inside HTTP 200, init -> queue -> format -> compress -> success
 * over `taskMs`, and a COS endpoint that serves the results to presigned URLs made with the temporary
 * credentials DescribeResultDownload hands out.
 *
 * Routes under basePath (the adapter's endpoint is `${origin}${basePath}`):
 *   POST /                            API (X-TC-Action: CreateResultDownload | DescribeResultDownload)
 *   GET|HEAD /cos/<bucket>/<key>      COS XML GetObject with a presigned query (no API auth, no QPS);
 *                                     `dlcSandboxCosOrigin(origin, basePath)` is the adapter's `cosOrigin`
 *   GET  /_stats, POST /_stats/reset, POST /_faults, POST /_faults/clear   test controls
 *
 * Test switches: a TaskId containing SANDBOX_ERROR / SANDBOX_TIMEOUT ends in `error` / `timeout`
 * unless created with Force: true. DownloadIds and temporary SecretIds are signed self-describing
 * strings and the temporary SecretKey/Token derive from them, so nothing is stored and a restarted
 * sandbox with the same secret honours everything it handed out. The QPS budget and the statistics
 * live in the `state` option: in-process by default, cluster-wide with a RedisSandboxState. Faults
 * stay per instance.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { cosSignature } from '../../vendors/tencent-dlc/cos-presign.js';
import {
  parseTc3Authorization,
  tc3CanonicalHeaders,
  tc3CanonicalRequest,
  tc3Date,
  tc3Signature,
  tc3StringToSign,
} from '../../vendors/tencent-dlc/signer.js';
import { assertSandboxOptions, controlRoutes, type VendorSandbox, vendorSandbox } from '../control-routes.js';
import { type ActiveFault, playFault } from '../fault-queue.js';
import { BodyTooLargeError, clientGone, pathBelow, readBody, sendBody, sendJson } from '../http.js';
import { constantTimeEqual, signJson, verifySignedJson } from '../signing.js';
import { MemorySandboxState, type SandboxState } from '../state.js';
import {
  type DlcApiOperation,
  type DlcFaultKind,
  type DlcFaultSpec,
  type DlcFaults,
  type DlcSandboxStats,
  type DlcStatsSnapshot,
  FaultQueue,
  parseDlcFaultSpec,
  Stats,
  snapshotOf,
  statsOfCounters,
} from './support.js';

export type {
  DlcApiOperation,
  DlcFaultKind,
  DlcFaultSpec,
  DlcFaults,
  DlcSandboxStats,
  DlcStatsSnapshot,
} from './support.js';

export interface DlcSandboxOptions {
  /** e.g. '/sandbox/tencent-dlc' */
  basePath: string;
  /** e.g. 'http://127.0.0.1:4000' (unused for URLs: the adapter mints COS URLs itself). */
  publicOrigin: () => string;
  /** From CreateResultDownload to `success` (SANDBOX_TASK_MS). */
  taskMs: number;
  /** Accepted API calls per second (the vendor documents 20); above it -> RequestLimitExceeded. */
  qps: number;
  /** Signs DownloadIds and temporary credentials; keep it stable across restarts (SANDBOX_SECRET). */
  secret: string;
  /** The permanent key pair the API accepts. */
  secretId: string;
  secretKey: string;
  /** More key pairs the API accepts (other accounts: tenants with their own credentials). */
  moreKeys?: readonly { secretId: string; secretKey: string }[];
  /** When set, every API call must carry this X-TC-Token. */
  token?: string;
  /** Lifetime of the temporary COS credentials of each DescribeResultDownload; default 7200 s. */
  credentialTtlSeconds?: number;
  now?: () => number;
  /** Budget and statistics; default in-process, cluster-wide with a RedisSandboxState. */
  state?: SandboxState;
}

export type DlcSandbox = VendorSandbox<DlcSandboxStats, DlcStatsSnapshot, DlcFaults>;

/** The adapter's `cosOrigin` for this sandbox: objects live at `${origin}${basePath}/cos/<bucket>/<key>`. */
export function dlcSandboxCosOrigin(origin: string, basePath: string): (bucket: string) => string {
  const base = `${origin.replace(/\/+$/, '')}${basePath.replace(/\/+$/, '')}`;
  return (bucket) => `${base}/cos/${encodeURIComponent(bucket)}`;
}

export const DLC_API_VERSION = '2021-01-25';
/** "X-TC-Timestamp must be within 5 minutes of the server time." */
export const DLC_CLOCK_WINDOW_MS = 5 * 60 * 1000;
const RESULT_BUCKET = 'dlc-result-1250000000';
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const DOWNLOAD_PURPOSE = 'tencent-dlc.result-download.v1';
const AK_PURPOSE = 'tencent-dlc.cos-temp-key.v1';
const TOKEN_PURPOSE = 'tencent-dlc.cos-token.v1';

interface Sandbox {
  basePath: string;
  taskMs: number;
  secret: string;
  /** SecretId -> SecretKey of every key pair the API accepts. */
  keys: ReadonlyMap<string, string>;
  token: string | undefined;
  credentialTtlSeconds: number;
  now: () => number;
  qps: number;
  /** Budget and cluster-wide statistics. */
  state: SandboxState;
  faults: FaultQueue;
  /** This instance's view. */
  stats: Stats;
}

interface ApiError {
  code: string;
  message: string;
}

/** How GET /_stats shows this sandbox's figures. */
const STATS_SHAPE = { snapshotOf, statsOfCounters };

export function createDlcSandbox(opts: DlcSandboxOptions): DlcSandbox {
  const basePath = opts.basePath.replace(/\/+$/, '');
  assertSandboxOptions('DLC', { ...opts, basePath }, [
    (opts.secretId === '' || opts.secretKey === '') && 'secretId and secretKey are required',
  ]);
  const sandbox: Sandbox = {
    basePath,
    taskMs: opts.taskMs,
    secret: opts.secret,
    keys: new Map([
      [opts.secretId, opts.secretKey],
      ...(opts.moreKeys ?? []).map((k): [string, string] => [k.secretId, k.secretKey]),
    ]),
    token: opts.token,
    credentialTtlSeconds: opts.credentialTtlSeconds ?? 7200,
    now: opts.now ?? Date.now,
    qps: opts.qps,
    state: opts.state ?? new MemorySandboxState(),
    faults: new FaultQueue(),
    stats: new Stats(),
  };
  return vendorSandbox(sandbox, handle, STATS_SHAPE);
}

const INTERNAL_ERROR: ApiError = { code: 'InternalError', message: 'An internal error occurred.' };

async function handle(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    await route(sandbox, req, res);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      res.setHeader('Connection', 'close');
      if (!clientGone(res))
        await sendError(sandbox, res, {
          code: 'RequestSizeLimitExceeded',
          message: 'The request body exceeds 10 MB.',
        });
    } else if (!clientGone(res)) {
      await sendError(sandbox, res, INTERNAL_ERROR);
    }
  }
  if (!res.headersSent && !clientGone(res)) await sendError(sandbox, res, INTERNAL_ERROR);
}

function sendResponse(res: ServerResponse, fields: Record<string, unknown>): void {
  sendJson(res, 200, { Response: { ...fields, RequestId: randomUUID() } });
}

/** Counted before it is sent, so whoever reads the statistics after the answer finds it there. */
async function sendError(sandbox: Sandbox, res: ServerResponse, error: ApiError): Promise<void> {
  sandbox.stats.recordError(error.code);
  await sandbox.state.countError(error.code);
  sendResponse(res, { Error: { Code: error.code, Message: error.message } });
}

async function route(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawUrl = req.url ?? '/';
  const url = new URL(rawUrl, 'http://sandbox.invalid');
  const pathname = url.pathname;
  const path = pathBelow(sandbox.basePath, pathname);
  const method = req.method ?? 'GET';
  if (path?.startsWith('/cos/') && (method === 'GET' || method === 'HEAD')) {
    return serveCos(sandbox, req, res, path, url);
  }
  const control = path === undefined ? undefined : CONTROL_ROUTES[`${method} ${path}`];
  if (control !== undefined) return control(sandbox, req, res);
  if (path === '/' && method === 'POST') return callApi(sandbox, req, res, url);
  return sendError(sandbox, res, {
    code: 'UnsupportedProtocol',
    message: 'Only POST / with TC3-HMAC-SHA256 is supported.',
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function operationOf(action: string | undefined): DlcApiOperation | 'other' {
  return action === 'CreateResultDownload' || action === 'DescribeResultDownload' ? action : 'other';
}

async function callApi(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const now = sandbox.now();
  const operation = operationOf(header(req, 'x-tc-action'));
  sandbox.stats.recordCall(operation, now);
  if (!(await sandbox.state.admitApiCall({ operation, nowMs: now, qps: sandbox.qps }))) {
    sandbox.stats.rejectedForRate += 1;
    return sendError(sandbox, res, {
      code: 'RequestLimitExceeded',
      message:
        'Your current request times equals to `20` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls.',
    });
  }
  const fault = sandbox.faults.take(operation);
  if (fault !== undefined && !(await applyFault(sandbox, fault, res))) return;
  const body = await readBody(req, MAX_BODY_BYTES);
  const refusal = verifyRequest(sandbox, req, url, body, now);
  if (refusal !== undefined) return sendError(sandbox, res, refusal);
  if (header(req, 'x-tc-version') !== DLC_API_VERSION) {
    return sendError(sandbox, res, {
      code: 'NoSuchVersion',
      message: 'The requested version does not exist for this product.',
    });
  }
  if (!header(req, 'x-tc-region')) {
    return sendError(sandbox, res, {
      code: 'MissingParameter',
      message: 'The request is missing a required parameter `Region`.',
    });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    payload = undefined;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return sendError(sandbox, res, {
      code: 'InvalidParameter',
      message: 'The request body is not a JSON object.',
    });
  }
  const params = payload as Record<string, unknown>;
  if (operation === 'CreateResultDownload') return createResultDownload(sandbox, res, params, now);
  if (operation === 'DescribeResultDownload') return describeResultDownload(sandbox, res, params, now);
  return sendError(sandbox, res, { code: 'InvalidAction', message: 'The requested action does not exist.' });
}

function applyFault(
  sandbox: Sandbox,
  fault: ActiveFault<DlcFaultKind>,
  res: ServerResponse,
): Promise<boolean> {
  return playFault(fault, res, (kind) => {
    switch (kind) {
      case 'RequestLimitExceeded':
        return sendError(sandbox, res, {
          code: 'RequestLimitExceeded',
          message: 'The number of requests exceeds the frequency limit.',
        });
      case 'InternalError':
        return sendError(sandbox, res, INTERNAL_ERROR);
      case 'AuthFailure.SignatureExpire':
        return sendError(sandbox, res, SIGNATURE_EXPIRE);
    }
  });
}

const SIGNATURE_EXPIRE: ApiError = {
  code: 'AuthFailure.SignatureExpire',
  message: 'Signature expired. Timestamp and server time are too different (more than 5 minutes).',
};
const SIGNATURE_FAILURE: ApiError = {
  code: 'AuthFailure.SignatureFailure',
  message: 'The provided credentials could not be validated. Please check your signature is correct.',
};

/** TC3 verification as the API gateway does it, from the bytes received. */
function verifyRequest(
  sandbox: Sandbox,
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  now: number,
): ApiError | undefined {
  const auth = parseTc3Authorization(header(req, 'authorization'));
  if (auth === undefined) {
    return {
      code: 'AuthFailure.InvalidAuthorization',
      message: 'The Authorization header is missing or not a valid TC3-HMAC-SHA256 value.',
    };
  }
  const timestamp = Number(header(req, 'x-tc-timestamp') ?? '');
  if (!Number.isInteger(timestamp) || timestamp <= 0) {
    return { code: 'MissingParameter', message: 'The request is missing a required parameter `Timestamp`.' };
  }
  const secretKey = sandbox.keys.get(auth.secretId);
  if (secretKey === undefined) {
    return {
      code: 'AuthFailure.SecretIdNotFound',
      message: 'The SecretId is not found, please ensure that your SecretId is correct.',
    };
  }
  if (Math.abs(now - timestamp * 1000) > DLC_CLOCK_WINDOW_MS) return SIGNATURE_EXPIRE;
  if (!auth.signedHeaders.includes('content-type') || !auth.signedHeaders.includes('host')) {
    return {
      code: 'AuthFailure.InvalidAuthorization',
      message: 'SignedHeaders must include content-type and host.',
    };
  }
  if (auth.service !== 'dlc' || auth.date !== tc3Date(timestamp)) return SIGNATURE_FAILURE;
  const canonicalRequest = tc3CanonicalRequest({
    method: req.method ?? 'POST',
    canonicalQuery: url.search.replace(/^\?/, ''),
    headers: tc3CanonicalHeaders(req.headers, auth.signedHeaders),
    body,
  });
  const expected = tc3Signature(
    secretKey,
    timestamp,
    'dlc',
    tc3StringToSign(timestamp, 'dlc', canonicalRequest),
  );
  if (!constantTimeEqual(auth.signature, expected)) return SIGNATURE_FAILURE;
  sandbox.stats.recordKeyId(auth.secretId);
  if (sandbox.token !== undefined && !constantTimeEqual(header(req, 'x-tc-token') ?? '', sandbox.token)) {
    return { code: 'AuthFailure.TokenFailure', message: 'Token verification failed.' };
  }
  return undefined;
}

interface ResultDownload {
  taskId: string;
  format: string;
  createdAt: number;
  durationMs: number;
  outcome: 'success' | 'error' | 'timeout';
}

const downloadSchema = z.object({
  t: z.string(),
  f: z.string(),
  c: z.number(),
  d: z.number(),
  o: z.enum(['success', 'error', 'timeout']),
});

function decodeDownload(secret: string, id: string): ResultDownload | undefined {
  const parsed = downloadSchema.safeParse(verifySignedJson(secret, DOWNLOAD_PURPOSE, id));
  if (!parsed.success) return undefined;
  const p = parsed.data;
  return { taskId: p.t, format: p.f, createdAt: p.c, durationMs: p.d, outcome: p.o };
}

async function createResultDownload(
  sandbox: Sandbox,
  res: ServerResponse,
  p: Record<string, unknown>,
  now: number,
): Promise<void> {
  for (const name of ['TaskId', 'Format']) {
    if (p[name] === undefined || p[name] === null || p[name] === '') {
      return sendError(sandbox, res, {
        code: 'MissingParameter',
        message: `The request is missing a required parameter \`${name}\`.`,
      });
    }
  }
  if (typeof p.TaskId !== 'string' || typeof p.Format !== 'string') {
    return sendError(sandbox, res, {
      code: 'InvalidParameter',
      message: 'TaskId and Format must be strings.',
    });
  }
  if (p.Format !== 'CSV') {
    return sendError(sandbox, res, {
      code: 'InvalidParameterValue',
      message: `The value \`${p.Format.slice(0, 40)}\` of Format is not supported.`,
    });
  }
  if (p.Force !== undefined && typeof p.Force !== 'boolean') {
    return sendError(sandbox, res, { code: 'InvalidParameter', message: 'Force must be a boolean.' });
  }
  const outcome =
    p.Force === true
      ? 'success'
      : p.TaskId.includes('SANDBOX_ERROR')
        ? 'error'
        : p.TaskId.includes('SANDBOX_TIMEOUT')
          ? 'timeout'
          : 'success';
  const downloadId = signJson(sandbox.secret, DOWNLOAD_PURPOSE, {
    t: p.TaskId,
    f: p.Format,
    c: now,
    d: sandbox.taskMs,
    o: outcome,
  });
  sendResponse(res, { DownloadId: downloadId });
}

function statusAt(d: ResultDownload, now: number): string {
  const elapsed = now - d.createdAt;
  if (elapsed >= d.durationMs) return d.outcome;
  const fraction = elapsed / d.durationMs;
  if (fraction < 0.1) return 'init';
  if (fraction < 0.3) return 'queue';
  if (fraction < 0.6) return 'format';
  return 'compress';
}

function objectKeyOf(d: ResultDownload): string {
  const day = new Date(d.createdAt + d.durationMs).toISOString().slice(0, 10).replace(/-/g, '/');
  const digest = createHash('sha256').update(`${d.taskId}|${d.createdAt}`).digest('hex').slice(0, 5);
  return `dlc/DLCQueryResults/${day}/${d.taskId}/download/download-${digest}.csv`;
}

interface TempKey {
  bucket: string;
  key: string;
  /** Unix seconds. */
  expires: number;
}

function tempSecretKey(sandbox: Sandbox, tmpSecretId: string): string {
  return createHmac('sha256', sandbox.secret)
    .update(`tencent-dlc.cos-secret.v1\n${tmpSecretId}`)
    .digest('base64url')
    .slice(0, 32);
}

function tempToken(sandbox: Sandbox, tmpSecretId: string, expires: number): string {
  const ak = createHash('sha256').update(tmpSecretId).digest('hex').slice(0, 16);
  return signJson(sandbox.secret, TOKEN_PURPOSE, { a: ak, e: expires });
}

async function describeResultDownload(
  sandbox: Sandbox,
  res: ServerResponse,
  p: Record<string, unknown>,
  now: number,
): Promise<void> {
  if (typeof p.DownloadId !== 'string' || p.DownloadId === '') {
    return sendError(sandbox, res, {
      code: 'MissingParameter',
      message: 'The request is missing a required parameter `DownloadId`.',
    });
  }
  const d = decodeDownload(sandbox.secret, p.DownloadId);
  if (d === undefined)
    return sendError(sandbox, res, {
      code: 'ResourceNotFound',
      message: 'The download task does not exist.',
    });
  const status = statusAt(d, now);
  if (status !== 'success') {
    const reason =
      status === 'error'
        ? 'failed to write the result file'
        : status === 'timeout'
          ? 'the download task timed out'
          : '';
    return sendResponse(res, {
      Path: null,
      Status: status,
      Reason: reason,
      SecretId: null,
      SecretKey: null,
      Token: null,
    });
  }
  const key = objectKeyOf(d);
  const expires = Math.floor(now / 1000) + sandbox.credentialTtlSeconds;
  // Temporary credentials scoped to this one object, minted per call as STS would.
  const tmpSecretId = `AKID${signJson(sandbox.secret, AK_PURPOSE, { b: RESULT_BUCKET, k: key, e: expires })}`;
  sendResponse(res, {
    Path: `cosn://${RESULT_BUCKET}/${key}`,
    Status: 'success',
    Reason: '',
    SecretId: tmpSecretId,
    SecretKey: tempSecretKey(sandbox, tmpSecretId),
    Token: tempToken(sandbox, tmpSecretId, expires),
  });
}

const tempKeySchema = z.object({ b: z.string(), k: z.string(), e: z.number() });

function decodeTempKey(sandbox: Sandbox, tmpSecretId: string): TempKey | undefined {
  if (!tmpSecretId.startsWith('AKID')) return undefined;
  const parsed = tempKeySchema.safeParse(verifySignedJson(sandbox.secret, AK_PURPOSE, tmpSecretId.slice(4)));
  return parsed.success ? { bucket: parsed.data.b, key: parsed.data.k, expires: parsed.data.e } : undefined;
}

function sendCosError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  resource: string,
  headOnly: boolean,
): void {
  const requestId = Buffer.from(randomUUID()).toString('base64url').slice(0, 32);
  const xml = `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n\t<Code>${code}</Code>\n\t<Message>${message}</Message>\n\t<Resource>${resource}</Resource>\n\t<RequestId>${requestId}</RequestId>\n\t<TraceId>${requestId}</TraceId>\n</Error>\n`;
  sendBody(res, status, { 'Content-Type': 'application/xml', 'x-cos-request-id': requestId }, xml, headOnly);
}

const SIGN_TIME = /^(\d{1,12});(\d{1,12})$/;

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * COS GetObject with a presigned query. Checks, in order: signature parameters, the temporary
 * SecretId, the signature itself (so stretching q-sign-time fails as a bad signature), the time
 * window, the security token, then the credential's scope.
 */
async function serveCos(
  sandbox: Sandbox,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  url: URL,
): Promise<void> {
  sandbox.stats.calls['cos.download'] += 1;
  await sandbox.state.countCall('cos.download');
  const headOnly = req.method === 'HEAD';
  const segments = path.slice('/cos/'.length).split('/').map(safeDecode);
  const [bucket, ...keyParts] = segments;
  const resource = `${header(req, 'host') ?? ''}${url.pathname}`;
  const deny = (status: number, code: string, message: string) =>
    sendCosError(res, status, code, message, resource, headOnly);
  if (bucket === undefined || keyParts.length === 0 || segments.some((s) => s === undefined)) {
    return deny(404, 'NoSuchKey', 'The specified key does not exist.');
  }
  const key = keyParts.join('/');
  const q = url.searchParams;
  const ak = q.get('q-ak');
  const signTime = q.get('q-sign-time');
  const keyTime = q.get('q-key-time');
  const signature = q.get('q-signature');
  const headerList = q.get('q-header-list');
  const paramList = q.get('q-url-param-list');
  if (
    q.get('q-sign-algorithm') !== 'sha1' ||
    !ak ||
    !signTime ||
    !keyTime ||
    !signature ||
    headerList === null ||
    paramList === null
  ) {
    return deny(403, 'AccessDenied', 'Access Denied.');
  }
  const temp = decodeTempKey(sandbox, ak);
  if (temp === undefined)
    return deny(403, 'InvalidAccessKeyId', 'The access key Id format you provided is invalid.');
  const names = (list: string) => list.split(';').filter((n) => n !== '');
  const expected = cosSignature({
    method: req.method === 'HEAD' ? 'head' : 'get',
    pathname: `/${key}`,
    params: names(paramList).map((n) => [n, q.get(n) ?? ''] as const),
    headers: names(headerList).map((n) => [n, header(req, n) ?? ''] as const),
    secretKey: tempSecretKey(sandbox, ak),
    keyTime,
    signTime,
  });
  if (!constantTimeEqual(signature, expected.signature)) {
    return deny(
      403,
      'SignatureDoesNotMatch',
      'The calculated signature does not match the actual signature. Please check whether the signature is correct.',
    );
  }
  const window = SIGN_TIME.exec(signTime);
  const nowSeconds = sandbox.now() / 1000;
  if (window === null || SIGN_TIME.exec(keyTime) === null)
    return deny(403, 'AccessDenied', 'Invalid q-sign-time.');
  if (nowSeconds > Number(window[2]) || nowSeconds > Number(keyTime.split(';')[1])) {
    return deny(403, 'AccessDenied', 'Request has expired');
  }
  if (nowSeconds < Number(window[1]) - 60) return deny(403, 'AccessDenied', 'Request has not started yet');
  const token = q.get('x-cos-security-token') ?? header(req, 'x-cos-security-token');
  if (
    token === undefined ||
    token === null ||
    !constantTimeEqual(token, tempToken(sandbox, ak, temp.expires))
  ) {
    return deny(
      403,
      'InvalidAccessKeyId',
      'The security token is missing or does not belong to this access key.',
    );
  }
  if (nowSeconds > temp.expires) return deny(400, 'ExpiredToken', 'The provided token has expired.');
  if (temp.bucket !== bucket || temp.key !== key) return deny(403, 'AccessDenied', 'Access Denied.');
  const download = downloadOfKey(sandbox, key);
  if (download === undefined) return deny(404, 'NoSuchKey', 'The specified key does not exist.');
  sendBody(
    res,
    200,
    {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${key.slice(key.lastIndexOf('/') + 1)}"`,
      ETag: `"${createHash('md5').update(download).digest('hex')}"`,
    },
    download,
    headOnly,
  );
}

/** The CSV behind a result key: rows derive from the query task id in the key. */
function downloadOfKey(_sandbox: Sandbox, key: string): string | undefined {
  const m = /^dlc\/DLCQueryResults\/\d{4}\/\d{2}\/\d{2}\/(.+)\/download\/download-[0-9a-f]{5}\.csv$/.exec(
    key,
  );
  if (m === null) return undefined;
  const taskId = m[1] as string;
  const rows = 3 + (createHash('sha256').update(taskId).digest().readUInt16BE(0) % 50);
  const lines = ['id,region,amount'];
  for (let i = 1; i <= rows; i += 1)
    lines.push(`${i},ap-guangzhou,${(i * 37) % 1000}.${String(i % 100).padStart(2, '0')}`);
  return `${lines.join('\n')}\n`;
}

const CONTROL_ROUTES = controlRoutes<Sandbox, DlcSandboxStats, DlcFaultSpec>({
  shape: STATS_SHAPE,
  parseFaultSpec: parseDlcFaultSpec,
  maxBodyBytes: 64 * 1024,
});
