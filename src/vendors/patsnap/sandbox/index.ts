/**
 * PatSnap vendor simulator: a `node:http` handler speaking PatSnap's wire protocol for the P055
 * patent export, P075/P002 searches and R001 enterprise reports (token auth, envelope, error codes,
 * task life cycles, signed links that really serve a file). The gateway's PatSnap adapter talks to
 * it exactly as to https://connect.patsnap.com, with `${origin}${basePath}` as its base URL.
 *
 * Routes under basePath:
 *   POST /oauth/token                                   client-credentials token
 *   POST /patent-search/export[/V2]                     P055 create export task
 *   GET  /patent-search/task                            P055 get export results
 *   POST /search/patent/nested-search-patent            P075 nested facet search
 *   POST /search/patent/query-search-patent[/v2]        P002 patent list search
 *   POST /innovation/company-report/task/create[-no-logo]  R001 create enterprise report
 *   GET  /innovation/company-report/job_id/status       R001 query/export enterprise report
 *   GET|HEAD /files/..., /tffi-export/...               signed downloads of exports and reports
 *                                                       (not API calls: no auth, no QPS)
 *   GET  /_stats, POST /_stats/reset, POST /_faults, POST /_faults/clear, POST /_faults/revoke-tokens
 *                                                       test controls (no auth, no QPS)
 *
 * Every state the sandbox needs travels in signed ids (see signing.ts), so it keeps no storage and
 * a new instance with the same secret carries on where the last one stopped. What several instances
 * must agree on (the QPS budget, the statistics, the report-id sequence) lives in the `state` option:
 * in-process by default, cluster-wide with a RedisSandboxState. Scripted faults and token revocation
 * stay per instance.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  assertSandboxOptions,
  type ControlRoute,
  controlRoutes,
  type VendorSandbox,
  vendorSandbox,
} from '../../shared/sandbox/control-routes.js';
import { playFault } from '../../shared/sandbox/fault-queue.js';
import {
  BodyTooLargeError,
  clientGone,
  pathBelow,
  readBody,
  sendBody,
  sendJson,
} from '../../shared/sandbox/http.js';
import { MemorySandboxState, type SandboxState } from '../../shared/sandbox/state.js';
import { TokenAuthority } from './auth.js';
import { authenticate, type Call, MAX_BODY_BYTES, readJsonObject, type Sandbox } from './context.js';
import { sendData, sendError } from './envelope.js';
import {
  decodeTaskId,
  encodeTaskId,
  isTaskIdExpired,
  newExportTask,
  parseExportRequest,
  statusAt,
} from './export.js';
import {
  type ActiveFault,
  FAULT_ERROR_CODES,
  FaultQueue,
  type PatSnapFaultSpec,
  type PatSnapFaults,
  parseFaultSpec,
} from './faults.js';
import { fileFormatOf, renderExportFile } from './files.js';
import { checkDownloadLink, presignedDownloadUrl, sendStorageError, taskIdOfDownloadPath } from './links.js';
import { createReport, reportStatus, serveReportFile } from './report-api.js';
import { REPORT_FILES_PREFIX } from './report-links.js';
import { nestedSearch, querySearch } from './search-api.js';
import {
  type PatSnapApiOperation,
  type PatSnapSandboxStats,
  type PatSnapStatsSnapshot,
  SandboxStats,
  snapshotOf,
  statsOfCounters,
} from './stats.js';

export type { PatSnapFaultKind, PatSnapFaultOperation, PatSnapFaultSpec, PatSnapFaults } from './faults.js';
export type {
  PatSnapApiOperation,
  PatSnapCallCounts,
  PatSnapOperation,
  PatSnapSandboxStats,
  PatSnapStatsSnapshot,
} from './stats.js';

export interface PatSnapSandboxOptions {
  /** e.g. '/sandbox/patsnap' */
  basePath: string;
  /** e.g. 'http://127.0.0.1:4000'; known only after listen, used to build download URLs. */
  publicOrigin: () => string;
  /** How long an export stays PENDING before SUCCESS/FAIL (SANDBOX_TASK_MS). */
  taskMs: number;
  /** The vendor's per-second budget for all API calls of the credential; above it -> 67200002. */
  qps: number;
  /** HMAC key for tokens, task ids and link signatures; keep it stable across restarts. */
  secret: string;
  /** Credentials accepted by POST /oauth/token (HTTP Basic). */
  clientId: string;
  clientSecret: string;
  /** More client credentials accepted (other accounts: tenants with their own). */
  moreClients?: readonly { clientId: string; clientSecret: string }[];
  /** Static keys accepted as `Authorization: Bearer <key>`. */
  apiKeys: string[];
  /** Default 1799, as the vendor. */
  tokenTtlSeconds?: number;
  /** Download link validity; default 604800 (7 days), as the vendor. */
  linkTtlSeconds?: number;
  /** Clock; default Date.now. */
  now?: () => number;
  /**
   * Budget and statistics; default in-process. A RedisSandboxState (one key prefix for the PatSnap
   * sandboxes of all instances) makes every instance on that Redis one vendor.
   */
  state?: SandboxState;
}

export type PatSnapSandbox = VendorSandbox<PatSnapSandboxStats, PatSnapStatsSnapshot, PatSnapFaults>;

export function createPatSnapSandbox(opts: PatSnapSandboxOptions): PatSnapSandbox {
  const now = opts.now ?? Date.now;
  const tokens = new TokenAuthority({
    secret: opts.secret,
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    moreClients: opts.moreClients,
    apiKeys: [...opts.apiKeys],
    ttlSeconds: opts.tokenTtlSeconds ?? 1799,
    now,
  });
  const sandbox: Sandbox = {
    basePath: normalizeBasePath(opts.basePath),
    publicOrigin: opts.publicOrigin,
    taskMs: opts.taskMs,
    secret: opts.secret,
    linkTtlSeconds: opts.linkTtlSeconds ?? 604_800,
    now,
    tokens,
    qps: opts.qps,
    state: opts.state ?? new MemorySandboxState(),
    faults: new FaultQueue(() => tokens.revokeAll()),
    stats: new SandboxStats(),
  };
  assertValidOptions(sandbox, opts);
  return vendorSandbox(sandbox, handle, STATS_SHAPE);
}

/** How GET /_stats shows this sandbox's figures. */
const STATS_SHAPE = { snapshotOf, statsOfCounters };

function normalizeBasePath(basePath: string): string {
  return basePath.replace(/\/+$/, '');
}

/** Bad configuration is a start-up error, not something to discover on the first request. */
function assertValidOptions(sandbox: Sandbox, opts: PatSnapSandboxOptions): void {
  assertSandboxOptions('PatSnap', { ...opts, basePath: sandbox.basePath }, [
    !(Number.isInteger(sandbox.linkTtlSeconds) && sandbox.linkTtlSeconds > 0) && 'linkTtlSeconds must be > 0',
    opts.tokenTtlSeconds !== undefined &&
      !(Number.isInteger(opts.tokenTtlSeconds) && opts.tokenTtlSeconds > 0) &&
      'tokenTtlSeconds must be > 0',
  ]);
}

async function handle(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    await route(sandbox, req, res);
  } catch (error) {
    if (error instanceof BodyTooLargeError) res.setHeader('Connection', 'close');
    // The client may have aborted mid-body; then there is nobody to answer.
    if (!clientGone(res)) sendError(res, error instanceof BodyTooLargeError ? 68300007 : 68300008);
  }
  if (!res.headersSent && !clientGone(res)) sendError(res, 68300008);
}

async function route(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const path = pathBelow(sandbox.basePath, url.pathname);
  if (path === undefined) return sendError(res, 67200101);
  const call: Call = { req, res, path, query: url.searchParams };
  const method = req.method ?? 'GET';

  const download = method === 'GET' || method === 'HEAD';
  if (download && path.startsWith('/files/')) return serveFile(sandbox, call);
  if (download && path.startsWith(REPORT_FILES_PREFIX)) return serveReportFile(sandbox, call);
  const control = CONTROL_ROUTES[`${method} ${path}`];
  if (control !== undefined) return control(sandbox, req, res);
  const operation = API_ROUTES[`${method} ${path}`];
  if (operation === undefined) return sendError(res, 67200101);
  return callApi(sandbox, operation, call);
}

const API_ROUTES: Record<string, PatSnapApiOperation> = {
  'POST /oauth/token': 'oauth.token',
  'POST /patent-search/export': 'export.create',
  'POST /patent-search/export/V2': 'export.create',
  'GET /patent-search/task': 'export.status',
  'POST /search/patent/nested-search-patent': 'search.nested',
  'POST /search/patent/query-search-patent': 'search.query',
  'POST /search/patent/query-search-patent/v2': 'search.query',
  'POST /innovation/company-report/task/create': 'report.create',
  'POST /innovation/company-report/task/create-no-logo': 'report.create',
  'GET /innovation/company-report/job_id/status': 'report.status',
};

const OPERATIONS: Record<PatSnapApiOperation, (sandbox: Sandbox, call: Call) => Promise<void>> = {
  'oauth.token': issueToken,
  'export.create': createExport,
  'export.status': exportStatus,
  'search.nested': nestedSearch,
  'search.query': querySearch,
  'report.create': createReport,
  'report.status': reportStatus,
};

/** The id a status call polls, for the per-task poll statistics. */
const POLLED_ID_PARAM: Partial<Record<PatSnapApiOperation, string>> = {
  'export.status': 'task_id',
  'report.status': 'job_id',
};

/**
 * The vendor's front door, in its order: count, QPS budget, scripted faults, then the operation.
 * `stats` (this instance) counts synchronously; the state counts and decides the budget (for the
 * whole cluster when it is shared).
 */
async function callApi(sandbox: Sandbox, operation: PatSnapApiOperation, call: Call): Promise<void> {
  const now = sandbox.now();
  sandbox.stats.recordApiCall(operation, now);
  const idParam = POLLED_ID_PARAM[operation];
  const taskId = idParam === undefined ? null : call.query.get(idParam);
  const statusCallEnded = taskId === null ? undefined : sandbox.stats.statusCallStarted(taskId);
  let counted = false;
  try {
    const admitted = await sandbox.state.admitApiCall({
      operation,
      nowMs: now,
      qps: sandbox.qps,
      statusTaskId: taskId,
    });
    counted = true;
    if (!admitted) {
      sandbox.stats.recordRateRejection();
      return sendError(call.res, 67200002);
    }
    const fault = sandbox.faults.take(operation);
    if (fault !== undefined && !(await applyFault(fault, call.res))) return;
    await OPERATIONS[operation](sandbox, call);
  } finally {
    statusCallEnded?.();
    if (counted && taskId !== null) await sandbox.state.statusCallEnded(taskId);
  }
}

/** Plays a fault out; true when the call should then proceed normally (a survived timeout). */
function applyFault(fault: ActiveFault, res: ServerResponse): Promise<boolean> {
  const sendFaultError = (kind: keyof typeof FAULT_ERROR_CODES) => sendError(res, FAULT_ERROR_CODES[kind]);
  return playFault(fault, res, sendFaultError, '503 Service Temporarily Unavailable');
}

async function issueToken(sandbox: Sandbox, { req, res }: Call): Promise<void> {
  const body = await readBody(req, MAX_BODY_BYTES);
  const grant = sandbox.tokens.issue({
    authorization: req.headers.authorization,
    contentType: req.headers['content-type'],
    body: body.toString('utf8'),
  });
  // The token answer is not wrapped in the envelope; only its errors are.
  if (typeof grant === 'number') sendError(res, grant);
  else sendJson(res, 200, grant);
}

async function createExport(sandbox: Sandbox, call: Call): Promise<void> {
  if (!authenticate(sandbox, call)) return;
  const json = await readJsonObject(call);
  if (json === undefined) return;
  const request = parseExportRequest(json);
  if (request === undefined) return sendError(call.res, 68300004);
  const task = newExportTask(request, sandbox.now(), sandbox.taskMs);
  sendData(call.res, { task_id: encodeTaskId(sandbox.secret, task), count: task.count });
}

/**
 * A task id that is forged, garbled or past its 24 hours answers 68300004 "Invalid parameter!":
 * the vendor documents no "task not found" code for P055, and to it such an id is a bad parameter.
 */
async function exportStatus(sandbox: Sandbox, call: Call): Promise<void> {
  if (!authenticate(sandbox, call)) return;
  const taskId = call.query.get('task_id') ?? '';
  const task = decodeTaskId(sandbox.secret, taskId);
  const now = sandbox.now();
  if (task === undefined || isTaskIdExpired(task, now)) return sendError(call.res, 68300004);
  const status = statusAt(task, now);
  if (status !== 'SUCCESS') return sendData(call.res, { count: task.count, export_status: status });
  const url = presignedDownloadUrl({
    secret: sandbox.secret,
    origin: sandbox.publicOrigin().replace(/\/+$/, ''),
    basePath: sandbox.basePath,
    taskId,
    task,
    ttlSeconds: sandbox.linkTtlSeconds,
  });
  sendData(call.res, { url, count: task.count, export_status: status });
}

/** Answers like S3 would: an XML error document, no PatSnap envelope. */
async function serveFile(sandbox: Sandbox, { req, res, path, query }: Call): Promise<void> {
  sandbox.stats.recordDownload();
  await sandbox.state.countCall('files.download');
  const headOnly = req.method === 'HEAD';
  const refusal = checkDownloadLink(sandbox.secret, path, query, sandbox.now());
  if (refusal !== undefined)
    return sendStorageError(res, refusal.httpStatus, refusal.code, refusal.message, headOnly);
  const taskId = taskIdOfDownloadPath(path);
  const task = taskId === undefined ? undefined : decodeTaskId(sandbox.secret, taskId);
  // A valid signature means we minted the path, so this only guards against a changed secret format.
  if (task === undefined || task.fails) {
    return sendStorageError(res, 404, 'NoSuchKey', 'The specified key does not exist.', headOnly);
  }
  const format = fileFormatOf(task.exportType);
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  const headers = {
    'Content-Type': format.contentType,
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'private, max-age=0',
  };
  sendBody(res, 200, headers, renderExportFile(task), headOnly);
}

const CONTROL_ROUTES: Record<string, ControlRoute<Sandbox>> = {
  ...controlRoutes<Sandbox, SandboxStats, PatSnapFaultSpec>({
    shape: STATS_SHAPE,
    parseFaultSpec,
    maxBodyBytes: MAX_BODY_BYTES,
  }),
  'POST /_faults/revoke-tokens': (sandbox, _req, res) => {
    sandbox.faults.revokeTokens();
    sendJson(res, 200, { ok: true });
  },
};
