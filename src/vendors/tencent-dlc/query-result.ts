import { BadInputError } from '../../errors.js';
import type { TaskError, VendorSnapshot } from '../../tasks/model.js';
import type { StartedVendorTask, TaskOperation } from '../types.js';
import type { DlcClient, MintedUrl, ResultDownloadState } from './client.js';

/**
 * DLC query-result download as a TaskOperation (README.md §3.1, §3.2): CreateResultDownload returns
 * a DownloadId (our vendorTaskId); DescribeResultDownload walks init/queue -> format/compress ->
 * success (a cosn:// path plus temporary credentials, from which we mint a presigned COS URL) or
 * timeout/error (which CreateResultDownload with Force: true can regenerate).
 */

export interface StartQueryResultDownloadInput {
  taskId: string;
  /** Default CSV, the only value the vendor documents. */
  format?: string | null;
  /** Regenerate the file; the vendor honours it only after a timeout or error. */
  force?: boolean | null;
}

export const RESULT_DOWNLOAD_FORMATS = ['CSV'] as const;
const TASK_ID = /^[\x21-\x7e]{1,128}$/;
const DOWNLOAD_ID = /^[\x21-\x7e]{1,1024}$/;

export const RESULT_DOWNLOAD_FAILED: Omit<TaskError, 'message' | 'vendorCode'> = {
  code: 'VENDOR_TASK_FAILED',
  retryable: true,
};

export function validateQueryResultDownloadInput(input: StartQueryResultDownloadInput): {
  taskId: string;
  format: string;
  force?: boolean;
} {
  const taskId = input.taskId.trim();
  if (!TASK_ID.test(taskId)) {
    throw new BadInputError(
      'input.taskId',
      'taskId must be a DLC query task id: 1 to 128 printable characters without spaces',
      128,
    );
  }
  const format = (input.format ?? 'CSV').trim().toUpperCase();
  if (!(RESULT_DOWNLOAD_FORMATS as readonly string[]).includes(format)) {
    throw new BadInputError(
      'input.format',
      `format must be one of ${RESULT_DOWNLOAD_FORMATS.join(', ')}`,
      RESULT_DOWNLOAD_FORMATS.join(','),
    );
  }
  return input.force == null ? { taskId, format } : { taskId, format, force: input.force };
}

/**
 * DescribeResultDownload -> snapshot. `mint` turns a success into a URL (null when the response
 * lacks path or credentials: keep polling). Pure apart from `mint`.
 */
export function mapResultDownloadState(
  state: ResultDownloadState,
  mint: (state: ResultDownloadState) => MintedUrl | null,
): VendorSnapshot {
  const vendorStatus = state.status;
  switch (vendorStatus) {
    case 'init':
    case 'queue':
      return { status: 'QUEUED', vendorStatus };
    case 'format':
    case 'compress':
      return { status: 'RUNNING', vendorStatus };
    case 'success': {
      const minted = mint(state);
      if (minted === null) return { status: 'RUNNING', vendorStatus };
      return {
        status: 'SUCCEEDED',
        vendorStatus,
        downloadUrl: minted.url,
        downloadExpiresAt: minted.expiresAt.toISOString(),
        error: null,
      };
    }
    case 'timeout':
    case 'error': {
      const reason = state.reason?.trim().slice(0, 200);
      const what = vendorStatus === 'timeout' ? 'timed out' : 'failed';
      return {
        status: 'FAILED',
        vendorStatus,
        error: {
          ...RESULT_DOWNLOAD_FAILED,
          vendorCode: vendorStatus,
          message: `Tencent Cloud DLC: the result download ${what}${reason ? ` (${reason})` : ''}; refresh the task to regenerate it`,
        },
      };
    }
    default:
      return { status: 'RUNNING', vendorStatus };
  }
}

export function createQueryResultDownloadOperation(
  client: Pick<DlcClient, 'createResultDownload' | 'describeResultDownload' | 'mintDownloadUrl'>,
): TaskOperation<StartQueryResultDownloadInput> {
  const describe = async (downloadId: string) =>
    mapResultDownloadState(await client.describeResultDownload(downloadId), (s) => client.mintDownloadUrl(s));

  const create = async (req: {
    taskId: string;
    format: string;
    force?: boolean;
  }): Promise<StartedVendorTask> => {
    const { downloadId } = await client.createResultDownload(req);
    return {
      vendorTaskId: downloadId,
      params: { taskId: req.taskId, format: req.format },
      snapshot: { status: 'QUEUED', vendorStatus: 'init' },
      deadlineAt: null,
    };
  };

  return {
    vendor: 'TENCENT_DLC',
    kind: 'QUERY_RESULT_DOWNLOAD',
    // The query task was run in DLC, not here: the gateway cannot tell whose result it is.
    startUsesExistingResource: true,

    start: (input) => create(validateQueryResultDownloadInput(input)),

    poll: (task) => describe(task.vendorTaskId),

    async renew(task) {
      if (task.status === 'EXPIRED') {
        // The download still exists; only the URL (and the credentials behind it) ran out.
        const snapshot = await describe(task.vendorTaskId);
        return { vendorTaskId: task.vendorTaskId, params: task.params, snapshot, deadlineAt: null };
      }
      if (task.status === 'FAILED' && (task.vendorStatus === 'timeout' || task.vendorStatus === 'error')) {
        const taskId = task.params.taskId;
        if (taskId === undefined) return null;
        return create({ taskId, format: task.params.format ?? 'CSV', force: true });
      }
      return null;
    },

    track(vendorTaskId, params) {
      if (!DOWNLOAD_ID.test(vendorTaskId)) {
        throw new BadInputError(
          'input.vendorTaskId',
          'vendorTaskId must be a DLC DownloadId: printable characters without spaces',
          1024,
        );
      }
      const out: Record<string, string> = {};
      // Without the query task id the download can still be followed, only not regenerated.
      if (params.taskId !== undefined)
        out.taskId = validateQueryResultDownloadInput({ taskId: params.taskId }).taskId;
      if (params.format !== undefined)
        out.format = validateQueryResultDownloadInput({ taskId: 'x', format: params.format }).format;
      return { params: out, deadlineAt: null };
    },
  };
}
