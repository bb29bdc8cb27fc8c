import { BadInputError } from '../../errors.js';
import type { TaskError, VendorSnapshot } from '../../tasks/model.js';
import { VendorError } from '../shared/vendor-error.js';
import type { TaskOperation } from '../types.js';
import type { PatSnapClient } from './client.js';
import { scrubSecrets } from './error-codes.js';
import { presignedUrlExpiry } from './export.js';

/**
 * R001 enterprise report as a TaskOperation (README.md §1.6): `POST …/task/create[-no-logo]`
 * returns an int64 `job_id`; `GET …/job_id/status?job_id=` reports job_status 0 (queued, with
 * `queue_num` jobs ahead), 1 (running), 2 (done, `download_url` valid 7 days) or 3 (failed, with
 * `abnormal_cause`). The job id is kept as a string from the wire to the client.
 */

export const PATSNAP_REPORT_OPERATIONS = {
  create: 'report_create',
  status: 'report_status',
} as const;

export const REPORT_TYPES = ['WORD', 'PDF'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export interface StartEnterpriseReportInput {
  companyName?: string | null;
  creditCode?: string | null;
  orgNumber?: string | null;
  reportType: ReportType;
  /** Default true: the vendor's report carries the PatSnap logo unless `create-no-logo` is used. */
  withLogo?: boolean | null;
}

export const REPORT_LIMITS = { companyNameMaxLength: 200 } as const;

/** "The download link is valid for 7 days". */
export const REPORT_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** job_status -> the vendor's meaning, used as `vendorStatus`. */
const JOB_STATUS_NAMES = ['TO_BE_EXPORTED', 'EXPORTING', 'SUCCESS', 'FAILED'] as const;

/** int64, as the vendor's ids are: digits only, no sign, at most 2^63 - 1. */
const JOB_ID = /^\d{1,19}$/;
const INT64_MAX = 9_223_372_036_854_775_807n;
/** Unified social credit code: 18 characters of digits and capital letters. */
const CREDIT_CODE = /^[0-9A-Z]{18}$/;
/** Organization code, e.g. 55138508-2 or the doc's 5513850T82. */
const ORG_NUMBER = /^[0-9A-Z]{8,9}-?[0-9A-Z]$/;

export interface ReportCreateRequest {
  company_name?: string;
  credit_code?: string;
  org_number?: string;
  report_type: 'word' | 'pdf';
}

function present(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function validateEnterpriseReportInput(input: StartEnterpriseReportInput): ReportCreateRequest {
  const companyName = present(input.companyName);
  const creditCode = present(input.creditCode)?.toUpperCase();
  const orgNumber = present(input.orgNumber)?.toUpperCase();
  if (!companyName && !creditCode && !orgNumber) {
    throw new BadInputError(
      'input.companyName',
      'Give at least one of companyName, creditCode or orgNumber to identify the enterprise',
    );
  }
  if (companyName && companyName.length > REPORT_LIMITS.companyNameMaxLength) {
    throw new BadInputError(
      'input.companyName',
      `companyName must be at most ${REPORT_LIMITS.companyNameMaxLength} characters`,
      REPORT_LIMITS.companyNameMaxLength,
    );
  }
  if (creditCode && !CREDIT_CODE.test(creditCode)) {
    throw new BadInputError('input.creditCode', 'creditCode must be 18 digits or capital letters', 18);
  }
  if (orgNumber && !ORG_NUMBER.test(orgNumber)) {
    throw new BadInputError('input.orgNumber', 'orgNumber must be an organization code such as 55138508-2');
  }
  if (!REPORT_TYPES.includes(input.reportType)) {
    throw new BadInputError('input.reportType', `reportType must be one of ${REPORT_TYPES.join(', ')}`);
  }
  return {
    ...(companyName ? { company_name: companyName } : {}),
    ...(creditCode ? { credit_code: creditCode } : {}),
    ...(orgNumber ? { org_number: orgNumber } : {}),
    report_type: input.reportType === 'WORD' ? 'word' : 'pdf',
  };
}

export function isJobId(value: string): boolean {
  return JOB_ID.test(value) && BigInt(value) <= INT64_MAX;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An id that arrived as a JSON number within 2^53 or as a string (lossless parsing above it). */
function jobIdOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && isJobId(value.trim())) return value.trim();
  return null;
}

function intOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,9}$/.test(value.trim())) return Number(value);
  return null;
}

/**
 * When a COS-signed link stops working: the end of `q-key-time=<start>;<end>` (epoch seconds) in its
 * `sign` parameter (or as a parameter of its own); S3-style links as for exports.
 */
export function reportUrlExpiry(url: string): Date | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const sign = parsed.searchParams.get('sign') ?? '';
  const keyTime = parsed.searchParams.get('q-key-time') ?? new URLSearchParams(sign).get('q-key-time');
  const end = /^\d{9,11};(\d{9,11})$/.exec(keyTime ?? '')?.[1];
  if (end) return new Date(Number(end) * 1000);
  return presignedUrlExpiry(url);
}

/** R001 status `data` -> normalized snapshot. Pure. */
export function mapReportStatus(data: unknown, now: number): VendorSnapshot {
  const d = isRecord(data) ? data : {};
  const status = intOf(d.job_status);
  const vendorStatus = status !== null ? (JOB_STATUS_NAMES[status] ?? String(status)) : 'UNKNOWN';
  switch (status) {
    case 0:
      return { status: 'QUEUED', vendorStatus, queuePosition: intOf(d.queue_num) };
    case 2: {
      const url = typeof d.download_url === 'string' && d.download_url.trim() ? d.download_url.trim() : null;
      if (!url) return { status: 'RUNNING', vendorStatus, queuePosition: null };
      const expiresAt = reportUrlExpiry(url) ?? new Date(now + REPORT_LINK_TTL_MS);
      return {
        status: 'SUCCEEDED',
        vendorStatus,
        queuePosition: null,
        downloadUrl: url,
        downloadExpiresAt: expiresAt.toISOString(),
        error: null,
      };
    }
    case 3: {
      const cause = typeof d.abnormal_cause === 'string' ? scrubSecrets(d.abnormal_cause.trim()) : '';
      const error: TaskError = {
        code: 'VENDOR_TASK_FAILED',
        message: cause || 'PatSnap could not generate the report',
        vendorCode: null,
        retryable: false,
      };
      return { status: 'FAILED', vendorStatus, queuePosition: null, error };
    }
    default:
      // 1 (running) and any value the documentation does not list yet: keep polling.
      return { status: 'RUNNING', vendorStatus, queuePosition: null };
  }
}

export function createEnterpriseReportOperation(
  client: Pick<PatSnapClient, 'call'>,
  opts: { now?: () => number } = {},
): TaskOperation<StartEnterpriseReportInput> {
  const now = opts.now ?? Date.now;
  return {
    vendor: 'PATSNAP',
    kind: 'ENTERPRISE_REPORT',
    startUsesExistingResource: false,

    async start(input) {
      const body = validateEnterpriseReportInput(input);
      const path =
        input.withLogo === false
          ? 'innovation/company-report/task/create-no-logo'
          : 'innovation/company-report/task/create';
      const data = await client.call(PATSNAP_REPORT_OPERATIONS.create, 'POST', path, { json: body });
      const jobId = jobIdOf(isRecord(data) ? data.job_id : null);
      if (jobId === null) {
        throw new VendorError('VENDOR_ERROR', 'PatSnap: the report was accepted but no job_id was returned', {
          unanswered: true,
        });
      }
      return {
        vendorTaskId: jobId,
        params: {},
        snapshot: { status: 'QUEUED', vendorStatus: 'TO_BE_EXPORTED' },
        deadlineAt: null,
      };
    },

    async poll(task) {
      const data = await client.call(
        PATSNAP_REPORT_OPERATIONS.status,
        'GET',
        'innovation/company-report/job_id/status',
        { query: { job_id: task.vendorTaskId } },
      );
      // An unknown job_status is polled again (mapReportStatus); an answer without one is not R001's.
      if (!isRecord(data) || data.job_status == null) {
        throw new VendorError(
          'VENDOR_UNAVAILABLE',
          'PatSnap: unexpected report status response (no job_status)',
          {
            transient: true,
          },
        );
      }
      return mapReportStatus(data, now());
    },

    track(vendorTaskId) {
      if (!isJobId(vendorTaskId)) {
        throw new BadInputError(
          'input.vendorTaskId',
          'vendorTaskId must be a PatSnap report job_id: an integer of at most 19 digits, given as a string',
          19,
        );
      }
      return { params: {}, deadlineAt: null };
    },
  };
}
