import { BadInputError } from '../../errors.js';
import type { TaskError, VendorSnapshot } from '../../tasks/model.js';
import { VendorError } from '../shared/vendor-error.js';
import type { TaskOperation } from '../types.js';
import type { DataTrackDownloadStatus, DmsClient, DownloadDataTrackResultRequest } from './client.js';

/**
 * DMS data-track result download as a TaskOperation (README.md §2.1, §2.2): DownloadDataTrackResult
 * returns a DownloadKeyId (our vendorTaskId); QueryDataTrackResultDownloadStatus, which needs the
 * ticket's OrderId as well (kept in params), walks INIT/LISTING -> DOWNLOADING -> DOWNLOAD_SUCCESS
 * (an OSS URL with `Expires`) or DOWNLOAD_FAIL.
 */

/** The GraphQL ColumnFilterInput (camelCase), or the vendor's PascalCase object. */
export type ColumnFilterObject = Record<string, unknown>;

export interface StartDataTrackDownloadInput {
  orderId: string;
  /** REVERSE (undo SQL, the default: rollback is what data tracking is for) or FORWARD (redo SQL). */
  rollbackSqlType?: string | null;
  /** `yyyy-MM-dd HH:mm:ss` */
  filterStartTime?: string | null;
  filterEndTime?: string | null;
  filterTables?: string[] | null;
  filterTypes?: string[] | null;
  /** `{ColumnName, Operator, Value?, InList?, BetweenStart?, BetweenEnd?}` (camelCase keys accepted), or its JSON. */
  columnFilter?: string | ColumnFilterObject | null;
  eventIds?: string[] | null;
  tenantId?: string | null;
}

export const ROLLBACK_SQL_TYPES = ['REVERSE', 'FORWARD'] as const;
/** The doc shows UPDATE and documents no enum; the three DML kinds are what data tracking records. */
export const FILTER_TYPES = ['INSERT', 'UPDATE', 'DELETE'] as const;
export const COLUMN_FILTER_OPERATORS = [
  'EQUAL',
  'NOT_EQUAL',
  'IN',
  'BETWEEN',
  'LESS',
  'MORE',
  'NOT_IN',
] as const;

/**
 * Our own bounds, not the vendor's (it documents none): every parameter travels in the query
 * string, and gateways refuse very long URLs, so the lists are capped well below that.
 */
export const DATA_TRACK_LIMITS = {
  filterTables: 200,
  tableNameLength: 128,
  eventIds: 1000,
  columnFilterLength: 4096,
} as const;

export const DATA_TRACK_DOWNLOAD_FAILED: TaskError = {
  code: 'VENDOR_TASK_FAILED',
  message: 'Alibaba Cloud DMS could not produce the data-track download; start it again',
  vendorCode: 'DOWNLOAD_FAIL',
  retryable: false,
};

const INT64_MAX = 9_223_372_036_854_775_807n;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function isLong(value: string): boolean {
  return /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= INT64_MAX;
}

function requireLong(field: string, value: unknown, what: string): string {
  const s = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  if (!isLong(s)) {
    throw new BadInputError(
      field,
      `${what} must be a positive integer of at most 19 digits (a 64-bit id)`,
      'int64',
    );
  }
  return s;
}

function parseDateTime(field: string, value: string): number {
  const m = DATE_TIME.exec(value.trim());
  const [y, mo, d, h, mi, s] = (m?.slice(1) ?? []).map(Number) as number[];
  const ms = m ? Date.UTC(y as number, (mo as number) - 1, d, h, mi, s) : Number.NaN;
  const back = new Date(ms);
  if (
    !m ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h ||
    back.getUTCMonth() !== (mo as number) - 1
  ) {
    throw new BadInputError(
      field,
      `${field.slice(6)} must be a date-time "yyyy-MM-dd HH:mm:ss", e.g. 2023-04-23 10:00:00`,
      'yyyy-MM-dd HH:mm:ss',
    );
  }
  return ms;
}

function pick(obj: Record<string, unknown>, pascal: string): unknown {
  return obj[pascal] ?? obj[pascal.charAt(0).toLowerCase() + pascal.slice(1)];
}

function parseColumnFilter(input: string | ColumnFilterObject): Record<string, unknown> {
  const field = 'input.columnFilter';
  // It travels JSON-encoded in the query string, so its encoded size is what the limit bounds.
  const raw = typeof input === 'string' ? input : JSON.stringify(input);
  if (raw.length > DATA_TRACK_LIMITS.columnFilterLength) {
    throw new BadInputError(
      field,
      `columnFilter must be at most ${DATA_TRACK_LIMITS.columnFilterLength} characters`,
      DATA_TRACK_LIMITS.columnFilterLength,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new BadInputError(
      field,
      'columnFilter must be a JSON object {ColumnName, Operator, Value | InList | BetweenStart+BetweenEnd}',
    );
  }
  const obj = json as Record<string, unknown>;
  const columnName = pick(obj, 'ColumnName');
  const operator =
    typeof pick(obj, 'Operator') === 'string' ? String(pick(obj, 'Operator')).toUpperCase() : '';
  if (typeof columnName !== 'string' || columnName.trim() === '') {
    throw new BadInputError(field, 'columnFilter.ColumnName must be a non-empty string');
  }
  if (!(COLUMN_FILTER_OPERATORS as readonly string[]).includes(operator)) {
    throw new BadInputError(
      field,
      `columnFilter.Operator must be one of ${COLUMN_FILTER_OPERATORS.join(', ')}`,
      COLUMN_FILTER_OPERATORS.join(','),
    );
  }
  const scalar = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  const out: Record<string, unknown> = { ColumnName: columnName.trim(), Operator: operator };
  if (operator === 'IN' || operator === 'NOT_IN') {
    const list = pick(obj, 'InList');
    if (!Array.isArray(list) || list.length === 0) {
      throw new BadInputError(field, `columnFilter.InList must be a non-empty array for ${operator}`);
    }
    out.InList = list.map((v) => String(v));
  } else if (operator === 'BETWEEN') {
    const start = scalar(pick(obj, 'BetweenStart'));
    const end = scalar(pick(obj, 'BetweenEnd'));
    if (start === undefined || end === undefined) {
      throw new BadInputError(
        field,
        'columnFilter.BetweenStart and BetweenEnd are both required for BETWEEN',
      );
    }
    out.BetweenStart = start;
    out.BetweenEnd = end;
  } else {
    const value = scalar(pick(obj, 'Value'));
    if (value === undefined) throw new BadInputError(field, `columnFilter.Value is required for ${operator}`);
    out.Value = value;
  }
  return out;
}

/** Validates the start input against the documented parameters; throws BadInputError before any call. */
export function validateDataTrackDownloadInput(
  input: StartDataTrackDownloadInput,
): DownloadDataTrackResultRequest {
  const req: DownloadDataTrackResultRequest = {
    OrderId: requireLong('input.orderId', input.orderId, 'orderId (the data-tracking ticket id)'),
    RollbackSQLType: 'REVERSE',
  };
  if (input.rollbackSqlType != null) {
    const type = input.rollbackSqlType.trim().toUpperCase();
    if (!(ROLLBACK_SQL_TYPES as readonly string[]).includes(type)) {
      throw new BadInputError(
        'input.rollbackSqlType',
        'rollbackSqlType must be REVERSE (undo SQL) or FORWARD (redo SQL)',
        'REVERSE,FORWARD',
      );
    }
    req.RollbackSQLType = type as 'REVERSE' | 'FORWARD';
  }
  const start =
    input.filterStartTime == null ? undefined : parseDateTime('input.filterStartTime', input.filterStartTime);
  const end =
    input.filterEndTime == null ? undefined : parseDateTime('input.filterEndTime', input.filterEndTime);
  if (start !== undefined && end !== undefined && start > end) {
    throw new BadInputError('input.filterEndTime', 'filterEndTime must not be before filterStartTime');
  }
  if (start !== undefined) req.FilterStartTime = input.filterStartTime?.trim();
  if (end !== undefined) req.FilterEndTime = input.filterEndTime?.trim();

  if (input.filterTables != null) {
    const max = DATA_TRACK_LIMITS.filterTables;
    if (input.filterTables.length > max) {
      throw new BadInputError('input.filterTables', `filterTables may list at most ${max} tables`, max);
    }
    req.FilterTableList = input.filterTables.map((t, i) => {
      const name = t.trim();
      if (name === '' || name.length > DATA_TRACK_LIMITS.tableNameLength || /[\p{Cc}]/u.test(name)) {
        throw new BadInputError(
          `input.filterTables[${i}]`,
          `each table name must be 1 to ${DATA_TRACK_LIMITS.tableNameLength} printable characters`,
          DATA_TRACK_LIMITS.tableNameLength,
        );
      }
      return name;
    });
  }
  if (input.filterTypes != null) {
    req.FilterTypeList = [
      ...new Set(
        input.filterTypes.map((t, i) => {
          const type = t.trim().toUpperCase();
          if (!(FILTER_TYPES as readonly string[]).includes(type)) {
            throw new BadInputError(
              `input.filterTypes[${i}]`,
              `filterTypes entries must be one of ${FILTER_TYPES.join(', ')}`,
              FILTER_TYPES.join(','),
            );
          }
          return type;
        }),
      ),
    ];
  }
  if (input.columnFilter != null) req.ColumnFilter = parseColumnFilter(input.columnFilter);
  if (input.eventIds != null) {
    const max = DATA_TRACK_LIMITS.eventIds;
    if (input.eventIds.length > max) {
      throw new BadInputError('input.eventIds', `eventIds may list at most ${max} ids`, max);
    }
    req.EventIdList = input.eventIds.map((id, i) => requireLong(`input.eventIds[${i}]`, id, 'each event id'));
  }
  if (input.tenantId != null) req.Tid = requireLong('input.tenantId', input.tenantId, 'tenantId (Tid)');
  return req;
}

/** `Expires` (epoch seconds) of an OSS presigned URL, else null. */
export function ossUrlExpiry(url: string): Date | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const expires = parsed.searchParams.get('Expires') ?? '';
  if (!/^\d{1,12}$/.test(expires)) return null;
  return new Date(Number(expires) * 1000);
}

/** QueryDataTrackResultDownloadStatus -> normalized snapshot. Pure. */
export function mapDataTrackStatus(state: DataTrackDownloadStatus): VendorSnapshot {
  const counted: Pick<VendorSnapshot, 'itemCount'> =
    state.totalCount === null ? {} : { itemCount: state.totalCount };
  const vendorStatus = state.downloadStatus;
  switch (vendorStatus) {
    case 'INIT':
    case 'LISTING':
      return { status: 'QUEUED', vendorStatus, ...counted };
    case 'DOWNLOADING':
      return { status: 'RUNNING', vendorStatus, ...counted };
    case 'DOWNLOAD_SUCCESS': {
      // "DownloadUrl is returned only when DOWNLOAD_SUCCESS": without it there is nothing to hand out yet.
      if (state.downloadUrl === null) return { status: 'RUNNING', vendorStatus, ...counted };
      return {
        status: 'SUCCEEDED',
        vendorStatus,
        ...counted,
        downloadUrl: state.downloadUrl,
        downloadExpiresAt: ossUrlExpiry(state.downloadUrl)?.toISOString() ?? null,
        error: null,
      };
    }
    case 'DOWNLOAD_FAIL': {
      const desc = state.statusDesc?.trim();
      const message = desc
        ? `${DATA_TRACK_DOWNLOAD_FAILED.message} (${desc.slice(0, 200)})`
        : DATA_TRACK_DOWNLOAD_FAILED.message;
      return {
        status: 'FAILED',
        vendorStatus,
        ...counted,
        error: { ...DATA_TRACK_DOWNLOAD_FAILED, message },
      };
    }
    default:
      return { status: 'RUNNING', vendorStatus, ...counted };
  }
}

const DOWNLOAD_KEY_ID = /^[\x21-\x7e]{1,512}$/;

export function createDataTrackDownloadOperation(
  client: Pick<DmsClient, 'downloadDataTrackResult' | 'queryDataTrackResultDownloadStatus'>,
): TaskOperation<StartDataTrackDownloadInput> {
  return {
    vendor: 'ALIYUN_DMS',
    kind: 'DATA_TRACK_DOWNLOAD',
    // A data-tracking ticket is made in DMS, not here: the gateway cannot tell whose it is.
    startUsesExistingResource: true,

    async start(input) {
      const req = validateDataTrackDownloadInput(input);
      const { downloadKeyId } = await client.downloadDataTrackResult(req);
      const params: Record<string, string> = { orderId: req.OrderId };
      if (req.Tid !== undefined) params.tid = req.Tid;
      return {
        vendorTaskId: downloadKeyId,
        params,
        snapshot: { status: 'QUEUED', vendorStatus: 'INIT' },
        deadlineAt: null,
      };
    },

    async poll(task) {
      const orderId = task.params.orderId;
      if (orderId === undefined) {
        throw new VendorError(
          'VENDOR_ERROR',
          'Alibaba Cloud DMS: this task has no orderId, so its status cannot be queried',
        );
      }
      const state = await client.queryDataTrackResultDownloadStatus({
        orderId,
        downloadKeyId: task.vendorTaskId,
        tid: task.params.tid,
      });
      return mapDataTrackStatus(state);
    },

    track(vendorTaskId, params) {
      if (!DOWNLOAD_KEY_ID.test(vendorTaskId)) {
        throw new BadInputError(
          'input.vendorTaskId',
          'vendorTaskId must be a DMS DownloadKeyId: 1 to 512 printable characters without spaces',
          512,
        );
      }
      if (params.orderId === undefined || params.orderId.trim() === '') {
        throw new BadInputError(
          'input.orderId',
          'orderId (the data-tracking ticket id) is required to follow a DMS download',
        );
      }
      const out: Record<string, string> = {
        orderId: requireLong('input.orderId', params.orderId, 'orderId'),
      };
      const tid = params.tid ?? params.tenantId;
      if (tid !== undefined) out.tid = requireLong('input.tenantId', tid, 'tenantId (Tid)');
      return { params: out, deadlineAt: null };
    },
  };
}
