import { BadInputError } from '../../errors.js';
import type { TaskError, VendorSnapshot } from '../../tasks/model.js';
import type { TaskOperation } from '../types.js';
import type { PatSnapClient } from './client.js';
import { type StartPatentExportInput, validatePatentExportInput } from './export-input.js';
import type { PatentExportTaskState } from './types.js';

export type { StartPatentExportInput } from './export-input.js';

/**
 * P055 patent export as a TaskOperation: `POST /patent-search/export` creates a task whose id is
 * valid for 24 h; `GET /patent-search/task` reports PENDING / SUCCESS (+ url valid 7 days) / FAIL.
 */

/** "Task ID is valid for 24 hours". */
export const PATENT_EXPORT_TASK_TTL_MS = 24 * 60 * 60 * 1000;
/** "The download link is valid for 7 days" (used when the URL does not say otherwise). */
export const PATENT_EXPORT_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const PATENT_EXPORT_FAILED: TaskError = {
  code: 'VENDOR_TASK_FAILED',
  message: 'PatSnap export failed; create the export task again',
  vendorCode: null,
  retryable: false,
};

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function queryParam(url: URL, name: string): string | null {
  const lower = name.toLowerCase();
  for (const [key, value] of url.searchParams) if (key.toLowerCase() === lower) return value;
  return null;
}

/**
 * When a pre-signed S3-style URL stops working: `X-Amz-Date` (yyyyMMddTHHmmssZ) + `X-Amz-Expires`
 * seconds. Null when the URL does not carry both.
 */
export function presignedUrlExpiry(url: string): Date | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const date = AMZ_DATE.exec(queryParam(parsed, 'X-Amz-Date') ?? '');
  const expires = queryParam(parsed, 'X-Amz-Expires') ?? '';
  if (!date || !/^\d{1,9}$/.test(expires)) return null;
  const [, y, mo, d, h, mi, s] = date.map(Number) as [number, number, number, number, number, number, number];
  const signedAt = Date.UTC(y, mo - 1, d, h, mi, s);
  if (!Number.isFinite(signedAt)) return null;
  return new Date(signedAt + Number(expires) * 1000);
}

/** P055 task state -> normalized snapshot. Pure. */
export function mapExportStatus(state: PatentExportTaskState, now: Date | number): VendorSnapshot {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const counted: Pick<VendorSnapshot, 'itemCount'> = state.count === null ? {} : { itemCount: state.count };
  switch (state.exportStatus) {
    case 'SUCCESS': {
      // SUCCESS without a link: not downloadable yet, keep polling.
      if (state.url === null) return { status: 'RUNNING', vendorStatus: 'SUCCESS', ...counted };
      const expiresAt = presignedUrlExpiry(state.url) ?? new Date(nowMs + PATENT_EXPORT_LINK_TTL_MS);
      return {
        status: 'SUCCEEDED',
        vendorStatus: 'SUCCESS',
        ...counted,
        downloadUrl: state.url,
        downloadExpiresAt: expiresAt.toISOString(),
        error: null,
      };
    }
    case 'FAIL':
      return { status: 'FAILED', vendorStatus: 'FAIL', ...counted, error: { ...PATENT_EXPORT_FAILED } };
    case 'PENDING':
      return { status: 'RUNNING', vendorStatus: 'PENDING', ...counted };
    default:
      return { status: 'RUNNING', vendorStatus: state.exportStatus, ...counted };
  }
}

const TASK_ID = /^[\x21-\x7e]{1,200}$/;

export function createPatentExportOperation(
  client: Pick<PatSnapClient, 'createExport' | 'getExportTask'>,
  opts: { now?: () => number } = {},
): TaskOperation<StartPatentExportInput> {
  const now = opts.now ?? Date.now;
  return {
    vendor: 'PATSNAP',
    kind: 'PATENT_EXPORT',
    startUsesExistingResource: false,

    async start(input) {
      const body = validatePatentExportInput(input);
      const createdAt = now();
      const { taskId, count } = await client.createExport(body);
      return {
        vendorTaskId: taskId,
        params: {},
        snapshot: { status: 'RUNNING', vendorStatus: 'PENDING', itemCount: count },
        deadlineAt: new Date(createdAt + PATENT_EXPORT_TASK_TTL_MS).toISOString(),
      };
    },

    async poll(task) {
      const state = await client.getExportTask(task.vendorTaskId);
      return mapExportStatus(state, now());
    },

    track(vendorTaskId, _params, at) {
      if (!TASK_ID.test(vendorTaskId)) {
        throw new BadInputError(
          'input.vendorTaskId',
          'vendorTaskId must be a PatSnap export task id: 1 to 200 printable characters without spaces',
          200,
        );
      }
      return { params: {}, deadlineAt: new Date(at.getTime() + PATENT_EXPORT_TASK_TTL_MS).toISOString() };
    },
  };
}
