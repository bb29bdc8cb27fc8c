/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
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

export type Vendor =
  | 'ALIYUN_DMS'
  | 'PATSNAP'
  | 'TENCENT_DLC';

type ConsoleTaskFields_DataTrackDownloadTask_Fragment = { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> };

type ConsoleTaskFields_EnterpriseReportTask_Fragment = { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> };

type ConsoleTaskFields_PatentExportTask_Fragment = { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> };

type ConsoleTaskFields_QueryResultDownloadTask_Fragment = { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> };

export type ConsoleTaskFieldsFragment =
  | ConsoleTaskFields_DataTrackDownloadTask_Fragment
  | ConsoleTaskFields_EnterpriseReportTask_Fragment
  | ConsoleTaskFields_PatentExportTask_Fragment
  | ConsoleTaskFields_QueryResultDownloadTask_Fragment
;

export type ConsoleTasksQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type ConsoleTasksQuery = { tasks: { edges: Array<{ node:
        | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
        | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
        | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
        | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
       }> } };

export type ConsoleTasksUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConsoleTasksUpdatedSubscription = { tasksUpdated:
    | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
    | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
    | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
    | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
   };

export type ConsoleStartPatentExportMutationVariables = Exact<{
  input: StartPatentExportInput;
}>;


export type ConsoleStartPatentExportMutation = { startPatentExport: { task:
      | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
     } };

export type ConsoleRefreshTaskMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleRefreshTaskMutation = { refreshTask: { task:
      | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
     } };

export type ConsoleCancelTaskMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleCancelTaskMutation = { cancelTask: { task:
      | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
      | { id: string, kind: TaskKind, vendor: Vendor, vendorTaskId: string, status: TaskStatus, vendorStatus: string | null, queuePosition: number | null, itemCount: number | null, downloadUrl: string | null, downloadExpiresAt: string | null, pollCount: number, createdAt: string, updatedAt: string, error: { code: string, message: string } | null, history: Array<{ status: TaskStatus, vendorStatus: string | null, at: string }> }
     } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ConsoleTaskFieldsFragmentDoc = new TypedDocumentString(`
    fragment ConsoleTaskFields on ExportTask {
  id
  kind
  vendor
  vendorTaskId
  status
  vendorStatus
  queuePosition
  itemCount
  downloadUrl
  downloadExpiresAt
  pollCount
  createdAt
  updatedAt
  error {
    code
    message
  }
  history {
    status
    vendorStatus
    at
  }
}
    `, {"fragmentName":"ConsoleTaskFields"}) as unknown as TypedDocumentString<ConsoleTaskFieldsFragment, unknown>;
export const ConsoleTasksDocument = new TypedDocumentString(`
    query ConsoleTasks($first: Int) {
  tasks(first: $first) {
    edges {
      node {
        ...ConsoleTaskFields
      }
    }
  }
}
    fragment ConsoleTaskFields on ExportTask {
  id
  kind
  vendor
  vendorTaskId
  status
  vendorStatus
  queuePosition
  itemCount
  downloadUrl
  downloadExpiresAt
  pollCount
  createdAt
  updatedAt
  error {
    code
    message
  }
  history {
    status
    vendorStatus
    at
  }
}`, {"hash":"fe52c55b35d723755973f4696c272e6ccf79e85dd219914e2f5bcccb44bf3dc1"}) as unknown as TypedDocumentString<ConsoleTasksQuery, ConsoleTasksQueryVariables>;
export const ConsoleTasksUpdatedDocument = new TypedDocumentString(`
    subscription ConsoleTasksUpdated {
  tasksUpdated {
    ...ConsoleTaskFields
  }
}
    fragment ConsoleTaskFields on ExportTask {
  id
  kind
  vendor
  vendorTaskId
  status
  vendorStatus
  queuePosition
  itemCount
  downloadUrl
  downloadExpiresAt
  pollCount
  createdAt
  updatedAt
  error {
    code
    message
  }
  history {
    status
    vendorStatus
    at
  }
}`, {"hash":"71960919a368d40e7de710211a634b5fb9d43e3e82591cdb573766b1114dda01"}) as unknown as TypedDocumentString<ConsoleTasksUpdatedSubscription, ConsoleTasksUpdatedSubscriptionVariables>;
export const ConsoleStartPatentExportDocument = new TypedDocumentString(`
    mutation ConsoleStartPatentExport($input: StartPatentExportInput!) {
  startPatentExport(input: $input) {
    task {
      ...ConsoleTaskFields
    }
  }
}
    fragment ConsoleTaskFields on ExportTask {
  id
  kind
  vendor
  vendorTaskId
  status
  vendorStatus
  queuePosition
  itemCount
  downloadUrl
  downloadExpiresAt
  pollCount
  createdAt
  updatedAt
  error {
    code
    message
  }
  history {
    status
    vendorStatus
    at
  }
}`, {"hash":"e4b4e1bf1f9e289e8bf4ca85efe45887f2d7bbd0ae71f7de769a877ed6c413d2"}) as unknown as TypedDocumentString<ConsoleStartPatentExportMutation, ConsoleStartPatentExportMutationVariables>;
export const ConsoleRefreshTaskDocument = new TypedDocumentString(`
    mutation ConsoleRefreshTask($id: ID!) {
  refreshTask(id: $id) {
    task {
      ...ConsoleTaskFields
    }
  }
}
    fragment ConsoleTaskFields on ExportTask {
  id
  kind
  vendor
  vendorTaskId
  status
  vendorStatus
  queuePosition
  itemCount
  downloadUrl
  downloadExpiresAt
  pollCount
  createdAt
  updatedAt
  error {
    code
    message
  }
  history {
    status
    vendorStatus
    at
  }
}`, {"hash":"40a42563d3c4139de96327736d41e4ba5552f04f2fad84a92843777e86265891"}) as unknown as TypedDocumentString<ConsoleRefreshTaskMutation, ConsoleRefreshTaskMutationVariables>;
export const ConsoleCancelTaskDocument = new TypedDocumentString(`
    mutation ConsoleCancelTask($id: ID!) {
  cancelTask(id: $id) {
    task {
      ...ConsoleTaskFields
    }
  }
}
    fragment ConsoleTaskFields on ExportTask {
  id
  kind
  vendor
  vendorTaskId
  status
  vendorStatus
  queuePosition
  itemCount
  downloadUrl
  downloadExpiresAt
  pollCount
  createdAt
  updatedAt
  error {
    code
    message
  }
  history {
    status
    vendorStatus
    at
  }
}`, {"hash":"4deff699dd089c2f9c4b90bb2319255e034cc7e33881f929b5e380a5addef277"}) as unknown as TypedDocumentString<ConsoleCancelTaskMutation, ConsoleCancelTaskMutationVariables>;