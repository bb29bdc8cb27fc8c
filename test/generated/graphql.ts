/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** One statistic over a field (vendor type "aggregate"); top level only. */
export type AggregateFacetInput = {
  /** Numeric field code, e.g. PV */
  field: string;
  function: AggregateFunction;
  tag: string;
};

export type AggregateFunction =
  | 'AVG'
  | 'MAX'
  | 'MIN'
  | 'SUM'
  | 'UNIQUE';

export type ColumnFilterInput = {
  /** For BETWEEN */
  betweenEnd?: string | null | undefined;
  /** For BETWEEN */
  betweenStart?: string | null | undefined;
  columnName: string;
  /** For IN and NOT_IN */
  inList?: Array<string> | null | undefined;
  operator: ColumnFilterOperator;
  /** For EQUAL, NOT_EQUAL, LESS, MORE */
  value?: string | null | undefined;
};

export type ColumnFilterOperator =
  | 'BETWEEN'
  | 'EQUAL'
  | 'IN'
  | 'LESS'
  | 'MORE'
  | 'NOT_EQUAL'
  | 'NOT_IN';

export type DataTrackOperation =
  | 'DELETE'
  | 'INSERT'
  | 'UPDATE';

export type EnterpriseReportType =
  | 'PDF'
  | 'WORD';

/** Exactly one kind of facet, each with its own options. */
export type FacetInput =
  {   aggregate: AggregateFacetInput; field?: never; query?: never; range?: never; }
  |  { aggregate?: never;   field: FieldFacetInput; query?: never; range?: never; }
  |  { aggregate?: never; field?: never;   query: QueryFacetInput; range?: never; }
  |  { aggregate?: never; field?: never; query?: never;   range: RangeFacetInput; };

/** Buckets of the values of one field (vendor type "field"). */
export type FieldFacetInput = {
  /** Child facets, counted inside each bucket (two levels at most; no aggregates) */
  facets?: Array<FacetInput> | null | undefined;
  /** Field code, e.g. PATENT_TYPE, APD_YEAR, ANCS */
  field: string;
  /** Buckets to return: at most 500 at the top level, 100 inside a parent */
  limit?: number | null | undefined;
  /** Smallest bucket count returned (vendor default 1) */
  mincount?: number | null | undefined;
  /** Also count all buckets (FieldFacet.bucketCount) */
  numBuckets?: boolean | null | undefined;
  /** Bucket offset, for paging through buckets */
  offset?: number | null | undefined;
  /** Unique at its level; not "name" or "count" */
  tag: string;
};

export type PatentCollapseBy =
  | 'APD'
  | 'AUTHORITY'
  | 'PBD'
  | 'SCORE';

export type PatentCollapseOrder =
  | 'LATEST'
  | 'OLDEST';

export type PatentCollapseType =
  | 'ALL'
  | 'APNO'
  | 'DOCDB'
  | 'EXTEND'
  | 'INPADOC';

export type PatentExportType =
  | 'CSV'
  /** ZIP of XML per patent; fields PN, ABST, CLMS, DESC only; at most 1,000 rows */
  | 'FULL_TEXT'
  | 'JSON'
  /** at most 1,000 rows; CLMS allowed */
  | 'PDF'
  | 'XLS'
  | 'XML';

/** PatSnap P075 nested facet search. Limits are checked before the vendor is called. */
export type PatentSearchInput = {
  /** At most 5 at one level, two levels deep */
  facets?: Array<FacetInput> | null | undefined;
  /** 1..1,000; limit + offset <= 20,000 */
  limit?: number | null | undefined;
  offset?: number | null | undefined;
  /** Search expression, at most 3,000 characters */
  queryText: string;
  sort?: Array<SortInput> | null | undefined;
  /** Stemming on TTL, ABST, CLMS and DESC */
  stemming?: boolean | null | undefined;
};

export type PatentSortField =
  | 'APD_YEARMONTHDAY'
  | 'ISD'
  | 'PBDT_YEARMONTHDAY'
  | 'SCORE';

/** The count of hits that also match a query (vendor type "query"). */
export type QueryFacetInput = {
  /** Child facets, counted inside each bucket (two levels at most; no aggregates) */
  facets?: Array<FacetInput> | null | undefined;
  /** e.g. PV:[0 TO 100000] */
  query: string;
  tag: string;
};

/** Buckets of [start, end) in steps of gap (vendor type "range"). */
export type RangeFacetInput = {
  /** Exclusive; greater than start */
  end: number;
  /** Child facets, counted inside each bucket (two levels at most; no aggregates) */
  facets?: Array<FacetInput> | null | undefined;
  /** Numeric field code, e.g. APD_YEAR */
  field: string;
  /** Step, above 0 (default 1); at most 500 buckets (100 inside a parent) */
  gap?: number | null | undefined;
  start: number;
  tag: string;
};

/** REVERSE: undo SQL; FORWARD: redo SQL */
export type RollbackSqlType =
  | 'FORWARD'
  | 'REVERSE';

export type SortInput = {
  field: PatentSortField;
  order: SortOrder;
};

export type SortOrder =
  | 'ASC'
  | 'DESC';

/** Alibaba Cloud DMS DownloadDataTrackResult: the SQL of a data-tracking ticket as a file. */
export type StartDataTrackDownloadInput = {
  columnFilter?: ColumnFilterInput | null | undefined;
  /** Event ids (int64, as strings) */
  eventIds?: Array<string> | null | undefined;
  /** yyyy-MM-dd HH:mm:ss */
  filterEndTime?: string | null | undefined;
  /** yyyy-MM-dd HH:mm:ss */
  filterStartTime?: string | null | undefined;
  filterTables?: Array<string> | null | undefined;
  filterTypes?: Array<DataTrackOperation> | null | undefined;
  /** Any 1 to 128 characters of your choosing: the same key again within 24 hours returns the same task and makes no second vendor call (a retry after a lost answer is safe); with a different input it is refused. */
  idempotencyKey?: string | null | undefined;
  /** The data-tracking ticket id (int64, as a string) */
  orderId: string;
  rollbackSqlType?: RollbackSqlType | null | undefined;
  /** DMS tenant id (Tid) */
  tenantId?: string | null | undefined;
};

/** PatSnap R001 enterprise report. Give at least one of companyName, creditCode, orgNumber. */
export type StartEnterpriseReportInput = {
  /** One enterprise, e.g. 小米科技有限责任公司; at most 200 characters */
  companyName?: string | null | undefined;
  /** Unified social credit code, 18 characters */
  creditCode?: string | null | undefined;
  /** Any 1 to 128 characters of your choosing: the same key again within 24 hours returns the same task and makes no second vendor call (a retry after a lost answer is safe); with a different input it is refused. */
  idempotencyKey?: string | null | undefined;
  /** Organization code */
  orgNumber?: string | null | undefined;
  reportType: EnterpriseReportType;
  /** false uses the vendor's "create-no-logo" */
  withLogo?: boolean | null | undefined;
};

/** PatSnap P055 "create export task by query". Limits are checked before the vendor is called. */
export type StartPatentExportInput = {
  /** yyyyMMdd or * */
  applicationDateFrom?: string | null | undefined;
  /** yyyyMMdd or * */
  applicationDateTo?: string | null | undefined;
  collapseBy?: PatentCollapseBy | null | undefined;
  collapseOrder?: PatentCollapseOrder | null | undefined;
  collapseType?: PatentCollapseType | null | undefined;
  exportType: PatentExportType;
  /** Export field codes, e.g. ["PN", "APNO", "TITLE"] */
  fields: Array<string>;
  /** Any 1 to 128 characters of your choosing: the same key again within 24 hours returns the same task and makes no second vendor call (a retry after a lost answer is safe); with a different input it is refused. */
  idempotencyKey?: string | null | undefined;
  /** cn, en, jp, de, fr, kr */
  lang?: string | null | undefined;
  /** rows + offset <= 100,000 */
  offset?: number | null | undefined;
  /** yyyyMMdd or * */
  publicationDateFrom?: string | null | undefined;
  /** yyyyMMdd or * */
  publicationDateTo?: string | null | undefined;
  /** Search expression, at most 2,000 characters */
  queryText: string;
  /** 1..100,000 (1..1,000 for PDF and FULL_TEXT) */
  rows: number;
  stemming?: boolean | null | undefined;
  /** cn, en, jp */
  transLang?: string | null | undefined;
};

/** Tencent Cloud DLC CreateResultDownload: the result of a query task as a file on COS. */
export type StartQueryResultDownloadInput = {
  /** Regenerate the file; only effective after a timeout or error */
  force?: boolean | null | undefined;
  /** Download format (the vendor documents CSV) */
  format?: string | null | undefined;
  /** Any 1 to 128 characters of your choosing: the same key again within 24 hours returns the same task and makes no second vendor call (a retry after a lost answer is safe); with a different input it is refused. */
  idempotencyKey?: string | null | undefined;
  /** The DLC query task id */
  taskId: string;
};

export type TaskKind =
  /** Alibaba Cloud DMS data-track result download */
  | 'DATA_TRACK_DOWNLOAD'
  /** PatSnap R001 enterprise report */
  | 'ENTERPRISE_REPORT'
  /** PatSnap P055 patent export */
  | 'PATENT_EXPORT'
  /** Tencent Cloud DLC query result download */
  | 'QUERY_RESULT_DOWNLOAD';

/** Normalized task status. Terminal: SUCCEEDED, FAILED, EXPIRED, CANCELLED. */
export type TaskStatus =
  | 'CANCELLED'
  | 'EXPIRED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

/** Follow a task created outside the gateway. */
export type TrackTaskInput = {
  /** Any 1 to 128 characters of your choosing: the same key again within 24 hours returns the same task and makes no second vendor call (a retry after a lost answer is safe); with a different input it is refused. */
  idempotencyKey?: string | null | undefined;
  kind: TaskKind;
  /** DMS ticket (order) id; required for DATA_TRACK_DOWNLOAD */
  orderId?: string | null | undefined;
  /** DMS tenant id (Tid), for DATA_TRACK_DOWNLOAD */
  tenantId?: string | null | undefined;
  /** task_id (export), job_id (report), DownloadKeyId (DMS), DownloadId (DLC) */
  vendorTaskId: string;
};

export type Vendor =
  | 'ALIYUN_DMS'
  | 'PATSNAP'
  | 'TENCENT_DLC';

export type VendorMode =
  /** the real vendor API */
  | 'LIVE'
  /** the gateway's simulator */
  | 'SANDBOX';

type TaskFields_DataTrackDownloadTask_Fragment = { __typename: 'DataTrackDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> };

type TaskFields_EnterpriseReportTask_Fragment = { __typename: 'EnterpriseReportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> };

type TaskFields_PatentExportTask_Fragment = { __typename: 'PatentExportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> };

type TaskFields_QueryResultDownloadTask_Fragment = { __typename: 'QueryResultDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> };

export type TaskFieldsFragment =
  | TaskFields_DataTrackDownloadTask_Fragment
  | TaskFields_EnterpriseReportTask_Fragment
  | TaskFields_PatentExportTask_Fragment
  | TaskFields_QueryResultDownloadTask_Fragment
;

export type StartPatentExportMutationVariables = Exact<{
  input: StartPatentExportInput;
}>;


export type StartPatentExportMutation = { startPatentExport: { task:
      | { __typename: 'DataTrackDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'EnterpriseReportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'PatentExportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'QueryResultDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
     } };

export type TrackTaskMutationVariables = Exact<{
  input: TrackTaskInput;
}>;


export type TrackTaskMutation = { trackTask: { task:
      | { __typename: 'DataTrackDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'EnterpriseReportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'PatentExportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'QueryResultDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
     } };

export type RefreshTaskMutationVariables = Exact<{
  id: string | number;
}>;


export type RefreshTaskMutation = { refreshTask: { task:
      | { __typename: 'DataTrackDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'EnterpriseReportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'PatentExportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'QueryResultDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
     } };

export type CancelTaskMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelTaskMutation = { cancelTask: { task:
      | { __typename: 'DataTrackDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'EnterpriseReportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'PatentExportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'QueryResultDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
     } };

export type GetTaskQueryVariables = Exact<{
  id: string | number;
}>;


export type GetTaskQuery = { task:
    | { __typename: 'DataTrackDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
    | { __typename: 'EnterpriseReportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
    | { __typename: 'PatentExportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
    | { __typename: 'QueryResultDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
   | null };

export type GetNodeQueryVariables = Exact<{
  id: string | number;
}>;


export type GetNodeQuery = { node:
    | { status: TaskStatus, id: string }
    | { status: TaskStatus, id: string }
    | { status: TaskStatus, id: string }
    | { status: TaskStatus, id: string }
   | null };

export type ListTasksQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  status?: Array<TaskStatus> | TaskStatus | null | undefined;
  vendor?: Vendor | null | undefined;
}>;


export type ListTasksQuery = { tasks: { edges: Array<{ cursor: string, node:
        | { id: string, status: TaskStatus }
        | { id: string, status: TaskStatus }
        | { id: string, status: TaskStatus }
        | { id: string, status: TaskStatus }
       }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type VendorsQueryVariables = Exact<{ [key: string]: never; }>;


export type VendorsQuery = { vendors: Array<{ vendor: Vendor, mode: VendorMode, configured: boolean, ratePerSecond: number, ownCredentials: boolean }> };

export type TaskUpdatedSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type TaskUpdatedSubscription = { taskUpdated:
    | { __typename: 'DataTrackDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
    | { __typename: 'EnterpriseReportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
    | { __typename: 'PatentExportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
    | { __typename: 'QueryResultDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
   };

export type TasksUpdatedSubscriptionVariables = Exact<{
  status?: Array<TaskStatus> | TaskStatus | null | undefined;
  vendor?: Vendor | null | undefined;
}>;


export type TasksUpdatedSubscription = { tasksUpdated:
    | { id: string, status: TaskStatus, vendor: Vendor }
    | { id: string, status: TaskStatus, vendor: Vendor }
    | { id: string, status: TaskStatus, vendor: Vendor }
    | { id: string, status: TaskStatus, vendor: Vendor }
   };

type FacetFields_AggregateFacet_Fragment = { __typename: 'AggregateFacet', expression: string, value: number | null, tag: string };

type FacetFields_FieldFacet_Fragment = { __typename: 'FieldFacet', field: string, bucketCount: number | null, tag: string, buckets: Array<{ value: string, count: number }> };

type FacetFields_QueryFacet_Fragment = { __typename: 'QueryFacet', query: string, count: number, tag: string };

type FacetFields_RangeFacet_Fragment = { __typename: 'RangeFacet', field: string, tag: string, buckets: Array<{ value: string, count: number }> };

export type FacetFieldsFragment =
  | FacetFields_AggregateFacet_Fragment
  | FacetFields_FieldFacet_Fragment
  | FacetFields_QueryFacet_Fragment
  | FacetFields_RangeFacet_Fragment
;

export type PatentSearchQueryVariables = Exact<{
  input: PatentSearchInput;
}>;


export type PatentSearchQuery = { patentSearch: { total: number, facets: Array<
      | { __typename: 'AggregateFacet', expression: string, value: number | null, tag: string }
      | { __typename: 'FieldFacet', field: string, bucketCount: number | null, tag: string, buckets: Array<{ value: string, count: number, facets: Array<
            | { __typename: 'AggregateFacet', expression: string, value: number | null, tag: string }
            | { __typename: 'FieldFacet', field: string, bucketCount: number | null, tag: string, buckets: Array<{ value: string, count: number }> }
            | { __typename: 'QueryFacet', query: string, count: number, tag: string }
            | { __typename: 'RangeFacet', field: string, tag: string, buckets: Array<{ value: string, count: number }> }
          > }> }
      | { __typename: 'QueryFacet', query: string, count: number, tag: string, facets: Array<
          | { __typename: 'AggregateFacet', expression: string, value: number | null, tag: string }
          | { __typename: 'FieldFacet', field: string, bucketCount: number | null, tag: string, buckets: Array<{ value: string, count: number }> }
          | { __typename: 'QueryFacet', query: string, count: number, tag: string }
          | { __typename: 'RangeFacet', field: string, tag: string, buckets: Array<{ value: string, count: number }> }
        > }
      | { __typename: 'RangeFacet', field: string, tag: string, buckets: Array<{ value: string, count: number, facets: Array<
            | { __typename: 'AggregateFacet', expression: string, value: number | null, tag: string }
            | { __typename: 'FieldFacet', field: string, bucketCount: number | null, tag: string, buckets: Array<{ value: string, count: number }> }
            | { __typename: 'QueryFacet', query: string, count: number, tag: string }
            | { __typename: 'RangeFacet', field: string, tag: string, buckets: Array<{ value: string, count: number }> }
          > }> }
    > } };

export type PatentSearchWithPatentsQueryVariables = Exact<{
  input: PatentSearchInput;
  first?: number | null | undefined;
  offset?: number | null | undefined;
}>;


export type PatentSearchWithPatentsQuery = { patentSearch: { total: number, patents: Array<{ patentId: string, pn: string, title: string | null, inventors: Array<string>, apdt: number | null }> } };

export type PatentSearchSamePageTwiceQueryVariables = Exact<{
  input: PatentSearchInput;
}>;


export type PatentSearchSamePageTwiceQuery = { patentSearch: { first: Array<{ pn: string }>, again: Array<{ pn: string }>, next: Array<{ pn: string }> } };

export type StartEnterpriseReportMutationVariables = Exact<{
  input: StartEnterpriseReportInput;
}>;


export type StartEnterpriseReportMutation = { startEnterpriseReport: { task:
      | { __typename: 'DataTrackDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'EnterpriseReportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'PatentExportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'QueryResultDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
     } };

export type StartDataTrackDownloadMutationVariables = Exact<{
  input: StartDataTrackDownloadInput;
}>;


export type StartDataTrackDownloadMutation = { startDataTrackDownload: { task:
      | { __typename: 'DataTrackDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'EnterpriseReportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'PatentExportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'QueryResultDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
     } };

export type StartQueryResultDownloadMutationVariables = Exact<{
  input: StartQueryResultDownloadInput;
}>;


export type StartQueryResultDownloadMutation = { startQueryResultDownload: { task:
      | { __typename: 'DataTrackDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'EnterpriseReportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'PatentExportTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { __typename: 'QueryResultDownloadTask', id: string, vendor: Vendor, kind: TaskKind, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string, vendorCode: string | null, retryable: boolean } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
     } };

export const TaskFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ExportTask"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"vendorTaskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"downloadExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"pollCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"vendorCode"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<TaskFieldsFragment, unknown>;
export const FacetFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FacetFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Facet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"tag"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FieldFacet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"bucketCount"}},{"kind":"Field","name":{"kind":"Name","value":"buckets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RangeFacet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"buckets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"QueryFacet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"query"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AggregateFacet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"expression"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]} as unknown as DocumentNode<FacetFieldsFragment, unknown>;
export const StartPatentExportDocument = {"__meta__":{"hash":"8a63d698bc5024216751904418cd63bda06c4903ca8d0279d311e247ee422804"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartPatentExport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartPatentExportInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startPatentExport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TaskFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ExportTask"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"vendorTaskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"downloadExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"pollCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"vendorCode"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<StartPatentExportMutation, StartPatentExportMutationVariables>;
export const TrackTaskDocument = {"__meta__":{"hash":"4b109c22394f3be93e9a5cad520b1dfa43c03aeeadda6ad398acc43cc12eb92b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TrackTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TrackTaskInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trackTask"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TaskFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ExportTask"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"vendorTaskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"downloadExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"pollCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"vendorCode"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<TrackTaskMutation, TrackTaskMutationVariables>;
export const RefreshTaskDocument = {"__meta__":{"hash":"4572f972de46bfbcd4d71262a0e78892b671479fea4e841748988556a90c2295"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RefreshTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refreshTask"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TaskFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ExportTask"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"vendorTaskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"downloadExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"pollCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"vendorCode"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<RefreshTaskMutation, RefreshTaskMutationVariables>;
export const CancelTaskDocument = {"__meta__":{"hash":"3a071141e48ff819f6d80914444e9369f80b7126be47c6a339ec3cb947c8d28e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelTask"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TaskFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ExportTask"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"vendorTaskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"downloadExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"pollCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"vendorCode"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<CancelTaskMutation, CancelTaskMutationVariables>;
export const GetTaskDocument = {"__meta__":{"hash":"5be7e743e9b2d752e4519119481164ada3c9409c6ef18cc0c477f4d716a4be04"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TaskFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ExportTask"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"vendorTaskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"downloadExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"pollCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"vendorCode"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<GetTaskQuery, GetTaskQueryVariables>;
export const GetNodeDocument = {"__meta__":{"hash":"00cb520c6de2bca6e906d414ea2f209b5a6372e7be3526a873efea31bdf4243b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetNode"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ExportTask"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<GetNodeQuery, GetNodeQueryVariables>;
export const ListTasksDocument = {"__meta__":{"hash":"1f83806982c135dfc0b54f79b66a1b2ac28551f4c9aa923980c02274fadaa534"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ListTasks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TaskStatus"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"vendor"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Vendor"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tasks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"vendor"},"value":{"kind":"Variable","name":{"kind":"Name","value":"vendor"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ListTasksQuery, ListTasksQueryVariables>;
export const VendorsDocument = {"__meta__":{"hash":"8bf9d3efc17f38c7f3c4af69579791b54f435a1e592a27575c03b4dfc4108c02"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Vendors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"vendors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"configured"}},{"kind":"Field","name":{"kind":"Name","value":"ratePerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"ownCredentials"}}]}}]}}]} as unknown as DocumentNode<VendorsQuery, VendorsQueryVariables>;
export const TaskUpdatedDocument = {"__meta__":{"hash":"86ff5ab2dbcc61531d5bce5237071dce2b0e7493793bf2af96eb043cc211c8dd"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"TaskUpdated"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taskUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TaskFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ExportTask"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"vendorTaskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"downloadExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"pollCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"vendorCode"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<TaskUpdatedSubscription, TaskUpdatedSubscriptionVariables>;
export const TasksUpdatedDocument = {"__meta__":{"hash":"8476f894fbcc12e6f44c8b12a8cf3344fa4f5b00e705824df05729c4f0f3c751"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"TasksUpdated"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TaskStatus"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"vendor"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Vendor"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tasksUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"vendor"},"value":{"kind":"Variable","name":{"kind":"Name","value":"vendor"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}}]}}]}}]} as unknown as DocumentNode<TasksUpdatedSubscription, TasksUpdatedSubscriptionVariables>;
export const PatentSearchDocument = {"__meta__":{"hash":"76c399eb9f804e7e2c0e3659b9ccabb4669d697e40f2039ef9ba6b1f11832df3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PatentSearch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PatentSearchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"patentSearch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"facets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FacetFields"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FieldFacet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"buckets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"facets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FacetFields"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RangeFacet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"buckets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"facets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FacetFields"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"QueryFacet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"facets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FacetFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FacetFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Facet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"tag"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FieldFacet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"bucketCount"}},{"kind":"Field","name":{"kind":"Name","value":"buckets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RangeFacet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"buckets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"QueryFacet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"query"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AggregateFacet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"expression"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]} as unknown as DocumentNode<PatentSearchQuery, PatentSearchQueryVariables>;
export const PatentSearchWithPatentsDocument = {"__meta__":{"hash":"d998962e59b1d4fb20d3759192248ee106fcc53b8d5a1d63c05f369c0cfb4c3c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PatentSearchWithPatents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PatentSearchInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"offset"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"patentSearch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"patents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"offset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"offset"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"patentId"}},{"kind":"Field","name":{"kind":"Name","value":"pn"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"inventors"}},{"kind":"Field","name":{"kind":"Name","value":"apdt"}}]}}]}}]}}]} as unknown as DocumentNode<PatentSearchWithPatentsQuery, PatentSearchWithPatentsQueryVariables>;
export const PatentSearchSamePageTwiceDocument = {"__meta__":{"hash":"c4e428f5dfb9bf026d027e527a659abd9d610ce0712e93e8b9f9a9f78b971672"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PatentSearchSamePageTwice"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PatentSearchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"patentSearch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"first"},"name":{"kind":"Name","value":"patents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pn"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"again"},"name":{"kind":"Name","value":"patents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pn"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"next"},"name":{"kind":"Name","value":"patents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}},{"kind":"Argument","name":{"kind":"Name","value":"offset"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pn"}}]}}]}}]}}]} as unknown as DocumentNode<PatentSearchSamePageTwiceQuery, PatentSearchSamePageTwiceQueryVariables>;
export const StartEnterpriseReportDocument = {"__meta__":{"hash":"a410b50cbf4a6a0a04d77ff260dcef3bc3ad5cf98a166570f8dfa08058c22cc0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartEnterpriseReport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartEnterpriseReportInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startEnterpriseReport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TaskFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ExportTask"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"vendorTaskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"downloadExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"pollCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"vendorCode"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<StartEnterpriseReportMutation, StartEnterpriseReportMutationVariables>;
export const StartDataTrackDownloadDocument = {"__meta__":{"hash":"dfed61a31986f6839b18038f752b9453ccc39c09736eaeb536fc3408d7416258"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartDataTrackDownload"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartDataTrackDownloadInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startDataTrackDownload"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TaskFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ExportTask"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"vendorTaskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"downloadExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"pollCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"vendorCode"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<StartDataTrackDownloadMutation, StartDataTrackDownloadMutationVariables>;
export const StartQueryResultDownloadDocument = {"__meta__":{"hash":"9b0cac07b4f9e43a7c7e3de1740beb547a22a46b2f8ab7d6c2dae54178893cba"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartQueryResultDownload"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartQueryResultDownloadInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startQueryResultDownload"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TaskFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ExportTask"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"vendorTaskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"downloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"downloadExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"pollCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"vendorCode"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"vendorStatus"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<StartQueryResultDownloadMutation, StartQueryResultDownloadMutationVariables>;