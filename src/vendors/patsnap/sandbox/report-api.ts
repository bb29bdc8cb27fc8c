/** R001 enterprise report handlers: create (with or without logo), status, and the file download. */
import { sendBody } from '../../shared/sandbox/http.js';
import { authenticate, type Call, readJsonObject, type Sandbox } from './context.js';
import { sendDataWithInt64, sendError } from './envelope.js';
import { sendStorageError } from './links.js';
import {
  newReportJob,
  parseReportRequest,
  REPORT_FAILURE_CAUSE,
  reportFinishedAt,
  reportStateAt,
} from './report.js';
import { renderReport, reportFileName, reportFormatOf } from './report-files.js';
import { decodeJobId, encodeJobId } from './report-id.js';
import { checkReportLink, jobIdOfReportPath, reportDownloadUrl } from './report-links.js';

const SEQUENCE_SIZE = 16;

/** POST /innovation/company-report/task/create[-no-logo] */
export async function createReport(sandbox: Sandbox, call: Call): Promise<void> {
  if (!authenticate(sandbox, call)) return;
  const json = await readJsonObject(call);
  if (json === undefined) return;
  const request = parseReportRequest(json);
  if (request === undefined) return sendError(call.res, 68300004);
  const job = newReportJob(request, sandbox.now(), call.path.endsWith('/create-no-logo'));
  // Tells apart report jobs created in the same millisecond, on any instance (see report-id.ts).
  const sequence = await sandbox.state.nextSequence('report', SEQUENCE_SIZE);
  sendDataWithInt64(call.res, { job_id: encodeJobId(sandbox.secret, job, sequence) });
}

/**
 * GET /innovation/company-report/job_id/status?job_id= . A missing job_id is a missing parameter
 * (68300004); one that is malformed or that we never issued answers 68300013 "Report does not
 * exist". The id never expires: the vendor only says the download link lasts 7 days.
 */
export async function reportStatus(sandbox: Sandbox, call: Call): Promise<void> {
  if (!authenticate(sandbox, call)) return;
  const jobIdText = call.query.get('job_id')?.trim() ?? '';
  if (jobIdText === '') return sendError(call.res, 68300004);
  const job = decodeJobId(sandbox.secret, jobIdText);
  if (job === undefined) return sendError(call.res, 68300013);
  const jobId = BigInt(jobIdText);
  const state = reportStateAt(job, sandbox.now(), sandbox.taskMs);
  const head = { job_id: jobId, queue_num: state.queueNum, job_status: state.jobStatus };
  if (state.jobStatus === 3)
    return sendDataWithInt64(call.res, { ...head, abnormal_cause: REPORT_FAILURE_CAUSE });
  if (state.jobStatus !== 2) return sendDataWithInt64(call.res, head);
  const finishedAt = reportFinishedAt(job, sandbox.taskMs);
  const download_url = reportDownloadUrl({
    secret: sandbox.secret,
    origin: sandbox.publicOrigin().replace(/\/+$/, ''),
    basePath: sandbox.basePath,
    jobId: String(jobId),
    fileName: reportFileName(job, finishedAt),
    signedAt: finishedAt,
    ttlSeconds: sandbox.linkTtlSeconds,
  });
  sendDataWithInt64(call.res, { ...head, download_url });
}

/** GET|HEAD /tffi-export/...: answers like COS, which words its errors as S3 does. */
export async function serveReportFile(sandbox: Sandbox, { req, res, path, query }: Call): Promise<void> {
  sandbox.stats.recordDownload();
  await sandbox.state.countCall('files.download');
  const headOnly = req.method === 'HEAD';
  const refusal = checkReportLink(sandbox.secret, path, query, sandbox.now());
  if (refusal !== undefined)
    return sendStorageError(res, refusal.httpStatus, refusal.code, refusal.message, headOnly);
  const jobId = jobIdOfReportPath(path);
  const job = jobId === undefined ? undefined : decodeJobId(sandbox.secret, jobId);
  if (jobId === undefined || job === undefined || job.fails) {
    return sendStorageError(res, 404, 'NoSuchKey', 'The specified key does not exist.', headOnly);
  }
  const finishedAt = reportFinishedAt(job, sandbox.taskMs);
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  const headers = {
    'Content-Type': reportFormatOf(job.reportType).contentType,
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'private, max-age=0',
  };
  sendBody(res, 200, headers, renderReport(job, jobId, finishedAt), headOnly);
}
