/**
 * R001 enterprise reports (../README.md 1.6, R001 doc page): the create request and how a job moves
 * through the vendor's queue. A job waits in line for the first half of taskMs with `queue_num`
 * counting down 3, 2, 1, 0, runs for the second half, then is done (2) or failed (3).
 */
import { z } from 'zod';
import type { ReportJob, ReportType } from './report-id.js';
import {
  CREDIT_CODE_PATTERN,
  MAX_COMPANY_NAME_CHARS,
  ORG_NUMBER_PATTERN,
  REPORT_TYPES,
} from './report-limits.js';

/** A company name containing SANDBOX_FAIL makes the report fail, to exercise failure paths. */
export const REPORT_FAIL_MARKER = 'SANDBOX_FAIL';
/** Jobs ahead of a new one; the vendor's example shows 10, a sandbox run should be quicker. */
export const REPORT_QUEUE_START = 3;
/** The vendor's example abnormal_cause ("server exception, being repaired"), verbatim. */
export const REPORT_FAILURE_CAUSE = '由于服务器异常,正在修复中';

export interface ReportRequest {
  reportType: ReportType;
  companyName: string | undefined;
}

/** Blank identifiers count as absent: clients fill unused form fields with "". */
const identifier = (schema: z.ZodString) =>
  z
    .string()
    .transform((s) => s.trim())
    .pipe(z.union([z.literal(''), schema]))
    .nullish()
    .transform((s) => (s === '' || s === null ? undefined : s));

const createSchema = z.object({
  report_type: z.enum(REPORT_TYPES),
  company_name: identifier(z.string().max(MAX_COMPANY_NAME_CHARS)),
  credit_code: identifier(z.string().regex(CREDIT_CODE_PATTERN)),
  org_number: identifier(z.string().regex(ORG_NUMBER_PATTERN)),
});

/** The create body, or undefined for 68300004 (no identifier at all, a bad report_type, ...). */
export function parseReportRequest(body: unknown): ReportRequest | undefined {
  const parsed = createSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { report_type, company_name, credit_code, org_number } = parsed.data;
  if (company_name === undefined && credit_code === undefined && org_number === undefined) return undefined;
  return { reportType: report_type, companyName: company_name };
}

export function newReportJob(request: ReportRequest, now: number, noLogo: boolean): ReportJob {
  return {
    createdAt: now,
    reportType: request.reportType,
    fails: request.companyName?.includes(REPORT_FAIL_MARKER) ?? false,
    noLogo,
  };
}

export type JobStatus = 0 | 1 | 2 | 3;

export interface ReportState {
  jobStatus: JobStatus;
  queueNum: number;
}

export function reportFinishedAt(job: ReportJob, taskMs: number): number {
  return job.createdAt + taskMs;
}

/**
 * The job's state at `now`. taskMs comes from the running sandbox, not the id, so a restart with a
 * different SANDBOX_TASK_MS moves the timeline of jobs already issued.
 */
export function reportStateAt(job: ReportJob, now: number, taskMs: number): ReportState {
  const elapsed = now - job.createdAt;
  if (elapsed >= taskMs) return { jobStatus: job.fails ? 3 : 2, queueNum: 0 };
  const queuedFor = taskMs / 2;
  if (elapsed >= queuedFor) return { jobStatus: 1, queueNum: 0 };
  // Equal steps across the queued half: 3, 2, 1, then 0 (next in line) until it starts running.
  const step = Math.floor(((REPORT_QUEUE_START + 1) * Math.max(0, elapsed)) / queuedFor);
  return { jobStatus: 0, queueNum: Math.max(0, REPORT_QUEUE_START - step) };
}
