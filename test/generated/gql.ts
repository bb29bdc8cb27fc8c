/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment TaskFields on ExportTask {\n    __typename\n    id\n    vendor\n    kind\n    vendorTaskId\n    status\n    vendorStatus\n    queuePosition\n    itemCount\n    downloadUrl\n    downloadExpiresAt\n    pollCount\n    createdAt\n    updatedAt\n    error {\n      code\n      message\n      vendorCode\n      retryable\n    }\n    history {\n      status\n      vendorStatus\n      at\n    }\n  }\n": typeof types.TaskFieldsFragmentDoc,
    "\n  mutation StartPatentExport($input: StartPatentExportInput!) {\n    startPatentExport(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": typeof types.StartPatentExportDocument,
    "\n  mutation TrackTask($input: TrackTaskInput!) {\n    trackTask(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": typeof types.TrackTaskDocument,
    "\n  mutation RefreshTask($id: ID!) {\n    refreshTask(id: $id) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": typeof types.RefreshTaskDocument,
    "\n  mutation CancelTask($id: ID!) {\n    cancelTask(id: $id) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": typeof types.CancelTaskDocument,
    "\n  query GetTask($id: ID!) {\n    task(id: $id) {\n      ...TaskFields\n    }\n  }\n": typeof types.GetTaskDocument,
    "\n  query GetNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on ExportTask {\n        status\n      }\n    }\n  }\n": typeof types.GetNodeDocument,
    "\n  query ListTasks($first: Int, $after: String, $status: [TaskStatus!], $vendor: Vendor) {\n    tasks(first: $first, after: $after, status: $status, vendor: $vendor) {\n      edges {\n        cursor\n        node {\n          id\n          status\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ListTasksDocument,
    "\n  query Vendors {\n    vendors {\n      vendor\n      mode\n      configured\n      ratePerSecond\n      ownCredentials\n    }\n  }\n": typeof types.VendorsDocument,
    "\n  subscription TaskUpdated($id: ID!) {\n    taskUpdated(id: $id) {\n      ...TaskFields\n    }\n  }\n": typeof types.TaskUpdatedDocument,
    "\n  subscription TasksUpdated($status: [TaskStatus!], $vendor: Vendor) {\n    tasksUpdated(status: $status, vendor: $vendor) {\n      id\n      status\n      vendor\n    }\n  }\n": typeof types.TasksUpdatedDocument,
    "\n  fragment FacetFields on Facet {\n    __typename\n    tag\n    ... on FieldFacet {\n      field\n      bucketCount\n      buckets {\n        value\n        count\n      }\n    }\n    ... on RangeFacet {\n      field\n      buckets {\n        value\n        count\n      }\n    }\n    ... on QueryFacet {\n      query\n      count\n    }\n    ... on AggregateFacet {\n      expression\n      value\n    }\n  }\n": typeof types.FacetFieldsFragmentDoc,
    "\n  query PatentSearch($input: PatentSearchInput!) {\n    patentSearch(input: $input) {\n      total\n      facets {\n        ...FacetFields\n        ... on FieldFacet {\n          buckets {\n            facets {\n              ...FacetFields\n            }\n          }\n        }\n        ... on RangeFacet {\n          buckets {\n            facets {\n              ...FacetFields\n            }\n          }\n        }\n        ... on QueryFacet {\n          facets {\n            ...FacetFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.PatentSearchDocument,
    "\n  query PatentSearchWithPatents($input: PatentSearchInput!, $first: Int, $offset: Int) {\n    patentSearch(input: $input) {\n      total\n      patents(first: $first, offset: $offset) {\n        patentId\n        pn\n        title\n        inventors\n        apdt\n      }\n    }\n  }\n": typeof types.PatentSearchWithPatentsDocument,
    "\n  query PatentSearchSamePageTwice($input: PatentSearchInput!) {\n    patentSearch(input: $input) {\n      first: patents(first: 5) {\n        pn\n      }\n      again: patents(first: 5) {\n        pn\n      }\n      next: patents(first: 5, offset: 5) {\n        pn\n      }\n    }\n  }\n": typeof types.PatentSearchSamePageTwiceDocument,
    "\n  mutation StartEnterpriseReport($input: StartEnterpriseReportInput!) {\n    startEnterpriseReport(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": typeof types.StartEnterpriseReportDocument,
    "\n  mutation StartDataTrackDownload($input: StartDataTrackDownloadInput!) {\n    startDataTrackDownload(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": typeof types.StartDataTrackDownloadDocument,
    "\n  mutation StartQueryResultDownload($input: StartQueryResultDownloadInput!) {\n    startQueryResultDownload(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": typeof types.StartQueryResultDownloadDocument,
};
const documents: Documents = {
    "\n  fragment TaskFields on ExportTask {\n    __typename\n    id\n    vendor\n    kind\n    vendorTaskId\n    status\n    vendorStatus\n    queuePosition\n    itemCount\n    downloadUrl\n    downloadExpiresAt\n    pollCount\n    createdAt\n    updatedAt\n    error {\n      code\n      message\n      vendorCode\n      retryable\n    }\n    history {\n      status\n      vendorStatus\n      at\n    }\n  }\n": types.TaskFieldsFragmentDoc,
    "\n  mutation StartPatentExport($input: StartPatentExportInput!) {\n    startPatentExport(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": types.StartPatentExportDocument,
    "\n  mutation TrackTask($input: TrackTaskInput!) {\n    trackTask(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": types.TrackTaskDocument,
    "\n  mutation RefreshTask($id: ID!) {\n    refreshTask(id: $id) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": types.RefreshTaskDocument,
    "\n  mutation CancelTask($id: ID!) {\n    cancelTask(id: $id) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": types.CancelTaskDocument,
    "\n  query GetTask($id: ID!) {\n    task(id: $id) {\n      ...TaskFields\n    }\n  }\n": types.GetTaskDocument,
    "\n  query GetNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on ExportTask {\n        status\n      }\n    }\n  }\n": types.GetNodeDocument,
    "\n  query ListTasks($first: Int, $after: String, $status: [TaskStatus!], $vendor: Vendor) {\n    tasks(first: $first, after: $after, status: $status, vendor: $vendor) {\n      edges {\n        cursor\n        node {\n          id\n          status\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ListTasksDocument,
    "\n  query Vendors {\n    vendors {\n      vendor\n      mode\n      configured\n      ratePerSecond\n      ownCredentials\n    }\n  }\n": types.VendorsDocument,
    "\n  subscription TaskUpdated($id: ID!) {\n    taskUpdated(id: $id) {\n      ...TaskFields\n    }\n  }\n": types.TaskUpdatedDocument,
    "\n  subscription TasksUpdated($status: [TaskStatus!], $vendor: Vendor) {\n    tasksUpdated(status: $status, vendor: $vendor) {\n      id\n      status\n      vendor\n    }\n  }\n": types.TasksUpdatedDocument,
    "\n  fragment FacetFields on Facet {\n    __typename\n    tag\n    ... on FieldFacet {\n      field\n      bucketCount\n      buckets {\n        value\n        count\n      }\n    }\n    ... on RangeFacet {\n      field\n      buckets {\n        value\n        count\n      }\n    }\n    ... on QueryFacet {\n      query\n      count\n    }\n    ... on AggregateFacet {\n      expression\n      value\n    }\n  }\n": types.FacetFieldsFragmentDoc,
    "\n  query PatentSearch($input: PatentSearchInput!) {\n    patentSearch(input: $input) {\n      total\n      facets {\n        ...FacetFields\n        ... on FieldFacet {\n          buckets {\n            facets {\n              ...FacetFields\n            }\n          }\n        }\n        ... on RangeFacet {\n          buckets {\n            facets {\n              ...FacetFields\n            }\n          }\n        }\n        ... on QueryFacet {\n          facets {\n            ...FacetFields\n          }\n        }\n      }\n    }\n  }\n": types.PatentSearchDocument,
    "\n  query PatentSearchWithPatents($input: PatentSearchInput!, $first: Int, $offset: Int) {\n    patentSearch(input: $input) {\n      total\n      patents(first: $first, offset: $offset) {\n        patentId\n        pn\n        title\n        inventors\n        apdt\n      }\n    }\n  }\n": types.PatentSearchWithPatentsDocument,
    "\n  query PatentSearchSamePageTwice($input: PatentSearchInput!) {\n    patentSearch(input: $input) {\n      first: patents(first: 5) {\n        pn\n      }\n      again: patents(first: 5) {\n        pn\n      }\n      next: patents(first: 5, offset: 5) {\n        pn\n      }\n    }\n  }\n": types.PatentSearchSamePageTwiceDocument,
    "\n  mutation StartEnterpriseReport($input: StartEnterpriseReportInput!) {\n    startEnterpriseReport(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": types.StartEnterpriseReportDocument,
    "\n  mutation StartDataTrackDownload($input: StartDataTrackDownloadInput!) {\n    startDataTrackDownload(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": types.StartDataTrackDownloadDocument,
    "\n  mutation StartQueryResultDownload($input: StartQueryResultDownloadInput!) {\n    startQueryResultDownload(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n": types.StartQueryResultDownloadDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TaskFields on ExportTask {\n    __typename\n    id\n    vendor\n    kind\n    vendorTaskId\n    status\n    vendorStatus\n    queuePosition\n    itemCount\n    downloadUrl\n    downloadExpiresAt\n    pollCount\n    createdAt\n    updatedAt\n    error {\n      code\n      message\n      vendorCode\n      retryable\n    }\n    history {\n      status\n      vendorStatus\n      at\n    }\n  }\n"): (typeof documents)["\n  fragment TaskFields on ExportTask {\n    __typename\n    id\n    vendor\n    kind\n    vendorTaskId\n    status\n    vendorStatus\n    queuePosition\n    itemCount\n    downloadUrl\n    downloadExpiresAt\n    pollCount\n    createdAt\n    updatedAt\n    error {\n      code\n      message\n      vendorCode\n      retryable\n    }\n    history {\n      status\n      vendorStatus\n      at\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartPatentExport($input: StartPatentExportInput!) {\n    startPatentExport(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StartPatentExport($input: StartPatentExportInput!) {\n    startPatentExport(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TrackTask($input: TrackTaskInput!) {\n    trackTask(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation TrackTask($input: TrackTaskInput!) {\n    trackTask(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshTask($id: ID!) {\n    refreshTask(id: $id) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshTask($id: ID!) {\n    refreshTask(id: $id) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelTask($id: ID!) {\n    cancelTask(id: $id) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CancelTask($id: ID!) {\n    cancelTask(id: $id) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetTask($id: ID!) {\n    task(id: $id) {\n      ...TaskFields\n    }\n  }\n"): (typeof documents)["\n  query GetTask($id: ID!) {\n    task(id: $id) {\n      ...TaskFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on ExportTask {\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  query GetNode($id: ID!) {\n    node(id: $id) {\n      id\n      ... on ExportTask {\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListTasks($first: Int, $after: String, $status: [TaskStatus!], $vendor: Vendor) {\n    tasks(first: $first, after: $after, status: $status, vendor: $vendor) {\n      edges {\n        cursor\n        node {\n          id\n          status\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListTasks($first: Int, $after: String, $status: [TaskStatus!], $vendor: Vendor) {\n    tasks(first: $first, after: $after, status: $status, vendor: $vendor) {\n      edges {\n        cursor\n        node {\n          id\n          status\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Vendors {\n    vendors {\n      vendor\n      mode\n      configured\n      ratePerSecond\n      ownCredentials\n    }\n  }\n"): (typeof documents)["\n  query Vendors {\n    vendors {\n      vendor\n      mode\n      configured\n      ratePerSecond\n      ownCredentials\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TaskUpdated($id: ID!) {\n    taskUpdated(id: $id) {\n      ...TaskFields\n    }\n  }\n"): (typeof documents)["\n  subscription TaskUpdated($id: ID!) {\n    taskUpdated(id: $id) {\n      ...TaskFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TasksUpdated($status: [TaskStatus!], $vendor: Vendor) {\n    tasksUpdated(status: $status, vendor: $vendor) {\n      id\n      status\n      vendor\n    }\n  }\n"): (typeof documents)["\n  subscription TasksUpdated($status: [TaskStatus!], $vendor: Vendor) {\n    tasksUpdated(status: $status, vendor: $vendor) {\n      id\n      status\n      vendor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FacetFields on Facet {\n    __typename\n    tag\n    ... on FieldFacet {\n      field\n      bucketCount\n      buckets {\n        value\n        count\n      }\n    }\n    ... on RangeFacet {\n      field\n      buckets {\n        value\n        count\n      }\n    }\n    ... on QueryFacet {\n      query\n      count\n    }\n    ... on AggregateFacet {\n      expression\n      value\n    }\n  }\n"): (typeof documents)["\n  fragment FacetFields on Facet {\n    __typename\n    tag\n    ... on FieldFacet {\n      field\n      bucketCount\n      buckets {\n        value\n        count\n      }\n    }\n    ... on RangeFacet {\n      field\n      buckets {\n        value\n        count\n      }\n    }\n    ... on QueryFacet {\n      query\n      count\n    }\n    ... on AggregateFacet {\n      expression\n      value\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PatentSearch($input: PatentSearchInput!) {\n    patentSearch(input: $input) {\n      total\n      facets {\n        ...FacetFields\n        ... on FieldFacet {\n          buckets {\n            facets {\n              ...FacetFields\n            }\n          }\n        }\n        ... on RangeFacet {\n          buckets {\n            facets {\n              ...FacetFields\n            }\n          }\n        }\n        ... on QueryFacet {\n          facets {\n            ...FacetFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PatentSearch($input: PatentSearchInput!) {\n    patentSearch(input: $input) {\n      total\n      facets {\n        ...FacetFields\n        ... on FieldFacet {\n          buckets {\n            facets {\n              ...FacetFields\n            }\n          }\n        }\n        ... on RangeFacet {\n          buckets {\n            facets {\n              ...FacetFields\n            }\n          }\n        }\n        ... on QueryFacet {\n          facets {\n            ...FacetFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PatentSearchWithPatents($input: PatentSearchInput!, $first: Int, $offset: Int) {\n    patentSearch(input: $input) {\n      total\n      patents(first: $first, offset: $offset) {\n        patentId\n        pn\n        title\n        inventors\n        apdt\n      }\n    }\n  }\n"): (typeof documents)["\n  query PatentSearchWithPatents($input: PatentSearchInput!, $first: Int, $offset: Int) {\n    patentSearch(input: $input) {\n      total\n      patents(first: $first, offset: $offset) {\n        patentId\n        pn\n        title\n        inventors\n        apdt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PatentSearchSamePageTwice($input: PatentSearchInput!) {\n    patentSearch(input: $input) {\n      first: patents(first: 5) {\n        pn\n      }\n      again: patents(first: 5) {\n        pn\n      }\n      next: patents(first: 5, offset: 5) {\n        pn\n      }\n    }\n  }\n"): (typeof documents)["\n  query PatentSearchSamePageTwice($input: PatentSearchInput!) {\n    patentSearch(input: $input) {\n      first: patents(first: 5) {\n        pn\n      }\n      again: patents(first: 5) {\n        pn\n      }\n      next: patents(first: 5, offset: 5) {\n        pn\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartEnterpriseReport($input: StartEnterpriseReportInput!) {\n    startEnterpriseReport(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StartEnterpriseReport($input: StartEnterpriseReportInput!) {\n    startEnterpriseReport(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartDataTrackDownload($input: StartDataTrackDownloadInput!) {\n    startDataTrackDownload(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StartDataTrackDownload($input: StartDataTrackDownloadInput!) {\n    startDataTrackDownload(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartQueryResultDownload($input: StartQueryResultDownloadInput!) {\n    startQueryResultDownload(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StartQueryResultDownload($input: StartQueryResultDownloadInput!) {\n    startQueryResultDownload(input: $input) {\n      task {\n        ...TaskFields\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;