/**
 * Tencent Cloud DLC simulator: a `node:http` handler speaking API 3.0 for the query-result download
 * (../README.md §3): TC3-HMAC-SHA256 verified from the received bytes (verify-tc3.ts: 5-minute clock
 * window, session token), errors in `Response.Error` inside HTTP 200, init -> queue -> format ->
 * compress -> success over `taskMs`, and a COS endpoint (cos-endpoint.ts) that serves the results to
 * presigned URLs made with the temporary credentials DescribeResultDownload hands out.
 *
 * Routes under basePath (the adapter's endpoint is `${origin}${basePath}`), served by the cloud-API
 * front door (../cloud-api.ts):
 *   POST /                            API (X-TC-Action: CreateResultDownload | DescribeResultDownload)
 *   GET|HEAD /cos/<bucket>/<key>      COS XML GetObject with a presigned query (no API auth, no QPS);
 *                                     `dlcSandboxCosOrigin(origin, basePath)` is the adapter's `cosOrigin`
 *   GET  /_stats, POST /_stats/reset, POST /_faults, POST /_faults/clear   test controls
 * Above `qps` calls a second (the vendor documents 20): RequestLimitExceeded.
 *
 * Test switches: a TaskId containing SANDBOX_ERROR / SANDBOX_TIMEOUT ends in `error` / `timeout`
 * unless created with Force: true. DownloadIds are signed self-describing strings, so nothing is
 * stored and a restarted sandbox with the same secret honours everything it handed out. The QPS
 * budget and the statistics live in the `state` option: in-process by default, cluster-wide with a
 * RedisSandboxState. Faults stay per instance.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  type Answer,
  type ApiError,
  type CloudSandbox,
  type CloudSandboxOptions,
  type CloudVendor,
  type CloudVendorSandbox,
  cloudApi,
  type KeyPairOptions,
  Refusal,
} from '../../shared/sandbox/cloud-api.js';
import { sendJson } from '../../shared/sandbox/http.js';
import { signJson, verifySignedJson } from '../../shared/sandbox/signing.js';
import { mintCredentials, RESULT_BUCKET, serveCos } from './cos-endpoint.js';
import { SIGNATURE_EXPIRE, TC3_CLOCK_WINDOW_MS, verifyTc3 } from './verify-tc3.js';

/** The types of the DLC API this sandbox serves (its operations, faults, errors, parameters). */
export interface DlcApi extends CloudVendor {
  operation: 'CreateResultDownload' | 'DescribeResultDownload';
  /**
   * Error codes answer in the `Response.Error` envelope inside HTTP 200; `http503` is an HTML page
   * from a load balancer; `timeout` stalls `delayMs`, then answers normally.
   */
  faultKind: 'RequestLimitExceeded' | 'InternalError' | 'AuthFailure.SignatureExpire' | 'http503' | 'timeout';
  download: 'cos.download';
  error: ApiError;
  /** The JSON body. */
  params: Record<string, unknown>;
}

export type DlcSandbox = CloudVendorSandbox<DlcApi>;

/** With the permanent key pair (`secretId`, `secretKey`) the API accepts, and `moreKeys`. */
export interface DlcSandboxOptions extends CloudSandboxOptions, KeyPairOptions<'secretId', 'secretKey'> {
  /** When set, every API call must carry this X-TC-Token. */
  token?: string;
  /** Lifetime of the temporary COS credentials of each DescribeResultDownload; default 7200 s. */
  credentialTtlSeconds?: number;
}

/** The adapter's `cosOrigin` for this sandbox: objects live at `${origin}${basePath}/cos/<bucket>/<key>`. */
export function dlcSandboxCosOrigin(origin: string, basePath: string): (bucket: string) => string {
  const base = `${origin.replace(/\/+$/, '')}${basePath.replace(/\/+$/, '')}`;
  return (bucket) => `${base}/cos/${encodeURIComponent(bucket)}`;
}

export const DLC_API_VERSION = '2021-01-25';
/** "X-TC-Timestamp must be within 5 minutes of the server time." */
export const DLC_CLOCK_WINDOW_MS = TC3_CLOCK_WINDOW_MS;
const DOWNLOAD_PURPOSE = 'tencent-dlc.result-download.v1';

interface Sandbox extends CloudSandbox<DlcApi> {
  token: string | undefined;
  credentialTtlSeconds: number;
}

export function createDlcSandbox(opts: DlcSandboxOptions): DlcSandbox {
  const sandbox: Sandbox = {
    ...FRONT_DOOR.sandboxParts(opts, 'secretId', 'secretKey'),
    token: opts.token,
    credentialTtlSeconds: opts.credentialTtlSeconds ?? 7200,
  };
  return FRONT_DOOR.serve(sandbox);
}

function refuse(code: string, message: string): Refusal<ApiError> {
  return new Refusal({ code, message });
}

function missing(name: string): Refusal<ApiError> {
  return refuse('MissingParameter', `The request is missing a required parameter \`${name}\`.`);
}

const INTERNAL_ERROR: ApiError = { code: 'InternalError', message: 'An internal error occurred.' };

function sendResponse(res: ServerResponse, fields: Record<string, unknown>): void {
  sendJson(res, 200, { Response: { ...fields, RequestId: randomUUID() } });
}

function sendError(res: ServerResponse, error: ApiError): void {
  sendResponse(res, { Error: { Code: error.code, Message: error.message } });
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

function createResultDownload(sandbox: Sandbox, p: Record<string, unknown>, now: number): Answer<ApiError> {
  for (const name of ['TaskId', 'Format']) {
    if (p[name] === undefined || p[name] === null || p[name] === '') return missing(name);
  }
  if (typeof p.TaskId !== 'string' || typeof p.Format !== 'string')
    return refuse('InvalidParameter', 'TaskId and Format must be strings.');
  if (p.Format !== 'CSV')
    return refuse(
      'InvalidParameterValue',
      `The value \`${p.Format.slice(0, 40)}\` of Format is not supported.`,
    );
  if (p.Force !== undefined && typeof p.Force !== 'boolean')
    return refuse('InvalidParameter', 'Force must be a boolean.');
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
  return { DownloadId: downloadId };
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

function describeResultDownload(sandbox: Sandbox, p: Record<string, unknown>, now: number): Answer<ApiError> {
  if (typeof p.DownloadId !== 'string' || p.DownloadId === '') return missing('DownloadId');
  const d = decodeDownload(sandbox.secret, p.DownloadId);
  if (d === undefined) return refuse('ResourceNotFound', 'The download task does not exist.');
  const status = statusAt(d, now);
  if (status !== 'success') {
    const reason =
      status === 'error'
        ? 'failed to write the result file'
        : status === 'timeout'
          ? 'the download task timed out'
          : '';
    return { Path: null, Status: status, Reason: reason, SecretId: null, SecretKey: null, Token: null };
  }
  const key = objectKeyOf(d);
  // Temporary credentials scoped to this one object, minted per call as STS would.
  const credentials = mintCredentials(sandbox, key, Math.floor(now / 1000) + sandbox.credentialTtlSeconds);
  return { Path: `cosn://${RESULT_BUCKET}/${key}`, Status: 'success', Reason: '', ...credentials };
}

const FRONT_DOOR = cloudApi<DlcApi, Sandbox>({
  vendor: 'DLC',
  actionHeader: 'x-tc-action',
  methods: ['POST'],
  maxBodyBytes: 10 * 1024 * 1024,
  maxControlBodyBytes: 64 * 1024,
  actions: { CreateResultDownload: createResultDownload, DescribeResultDownload: describeResultDownload },
  faults: {
    RequestLimitExceeded: {
      code: 'RequestLimitExceeded',
      message: 'The number of requests exceeds the frequency limit.',
    },
    InternalError: INTERNAL_ERROR,
    'AuthFailure.SignatureExpire': SIGNATURE_EXPIRE,
  },
  async verify(sandbox, call) {
    const outcome = verifyTc3(
      {
        method: call.req.method ?? 'POST',
        query: call.url.search.replace(/^\?/, ''),
        headers: call.req.headers,
        body: call.body,
      },
      call.now,
      { service: 'dlc', secretOf: (id) => sandbox.keys.get(id), token: sandbox.token },
    );
    return 'refusal' in outcome ? new Refusal(outcome.refusal) : { keyId: outcome.secretId };
  },
  params(_sandbox, call) {
    if (call.header('x-tc-version') !== DLC_API_VERSION)
      return refuse('NoSuchVersion', 'The requested version does not exist for this product.');
    if (!call.header('x-tc-region')) return missing('Region');
    let payload: unknown;
    try {
      payload = JSON.parse(call.body.toString('utf8'));
    } catch {
      payload = undefined;
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
      return refuse('InvalidParameter', 'The request body is not a JSON object.');
    return payload as Record<string, unknown>;
  },
  download: { prefix: '/cos/', counted: 'cos.download', serve: serveCos },
  errors: {
    notFound: { code: 'UnsupportedProtocol', message: 'Only POST / with TC3-HMAC-SHA256 is supported.' },
    invalidAction: { code: 'InvalidAction', message: 'The requested action does not exist.' },
    rateLimited: {
      code: 'RequestLimitExceeded',
      message:
        'Your current request times equals to `20` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls.',
    },
    bodyTooLarge: { code: 'RequestSizeLimitExceeded', message: 'The request body exceeds 10 MB.' },
    internal: INTERNAL_ERROR,
  },
  sendError,
  sendResponse,
});
