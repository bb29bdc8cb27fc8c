import { graphql } from '../generated/index.js';

/** The operations the tests send, typed by GraphQL Code Generator (npm run codegen). */

export const TaskFields = graphql(`
  fragment TaskFields on ExportTask {
    __typename
    id
    vendor
    kind
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
      vendorCode
      retryable
    }
    history {
      status
      vendorStatus
      at
    }
  }
`);

export const StartPatentExport = graphql(`
  mutation StartPatentExport($input: StartPatentExportInput!) {
    startPatentExport(input: $input) {
      task {
        ...TaskFields
      }
    }
  }
`);

export const TrackTask = graphql(`
  mutation TrackTask($input: TrackTaskInput!) {
    trackTask(input: $input) {
      task {
        ...TaskFields
      }
    }
  }
`);

export const RefreshTask = graphql(`
  mutation RefreshTask($id: ID!) {
    refreshTask(id: $id) {
      task {
        ...TaskFields
      }
    }
  }
`);

export const CancelTask = graphql(`
  mutation CancelTask($id: ID!) {
    cancelTask(id: $id) {
      task {
        ...TaskFields
      }
    }
  }
`);

export const GetTask = graphql(`
  query GetTask($id: ID!) {
    task(id: $id) {
      ...TaskFields
    }
  }
`);

export const GetNode = graphql(`
  query GetNode($id: ID!) {
    node(id: $id) {
      id
      ... on ExportTask {
        status
      }
    }
  }
`);

export const ListTasks = graphql(`
  query ListTasks($first: Int, $after: String, $status: [TaskStatus!], $vendor: Vendor) {
    tasks(first: $first, after: $after, status: $status, vendor: $vendor) {
      edges {
        cursor
        node {
          id
          status
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const Vendors = graphql(`
  query Vendors {
    vendors {
      vendor
      mode
      configured
      ratePerSecond
      ownCredentials
    }
  }
`);

export const TaskUpdated = graphql(`
  subscription TaskUpdated($id: ID!) {
    taskUpdated(id: $id) {
      ...TaskFields
    }
  }
`);

export const TasksUpdated = graphql(`
  subscription TasksUpdated($status: [TaskStatus!], $vendor: Vendor) {
    tasksUpdated(status: $status, vendor: $vendor) {
      id
      status
      vendor
    }
  }
`);

export const FacetFields = graphql(`
  fragment FacetFields on Facet {
    __typename
    tag
    ... on FieldFacet {
      field
      bucketCount
      buckets {
        value
        count
      }
    }
    ... on RangeFacet {
      field
      buckets {
        value
        count
      }
    }
    ... on QueryFacet {
      query
      count
    }
    ... on AggregateFacet {
      expression
      value
    }
  }
`);

export const PatentSearch = graphql(`
  query PatentSearch($input: PatentSearchInput!) {
    patentSearch(input: $input) {
      total
      facets {
        ...FacetFields
        ... on FieldFacet {
          buckets {
            facets {
              ...FacetFields
            }
          }
        }
        ... on RangeFacet {
          buckets {
            facets {
              ...FacetFields
            }
          }
        }
        ... on QueryFacet {
          facets {
            ...FacetFields
          }
        }
      }
    }
  }
`);

export const PatentSearchWithPatents = graphql(`
  query PatentSearchWithPatents($input: PatentSearchInput!, $first: Int, $offset: Int) {
    patentSearch(input: $input) {
      total
      patents(first: $first, offset: $offset) {
        patentId
        pn
        title
        inventors
        apdt
      }
    }
  }
`);

export const PatentSearchSamePageTwice = graphql(`
  query PatentSearchSamePageTwice($input: PatentSearchInput!) {
    patentSearch(input: $input) {
      first: patents(first: 5) {
        pn
      }
      again: patents(first: 5) {
        pn
      }
      next: patents(first: 5, offset: 5) {
        pn
      }
    }
  }
`);

export const StartEnterpriseReport = graphql(`
  mutation StartEnterpriseReport($input: StartEnterpriseReportInput!) {
    startEnterpriseReport(input: $input) {
      task {
        ...TaskFields
      }
    }
  }
`);

export const StartDataTrackDownload = graphql(`
  mutation StartDataTrackDownload($input: StartDataTrackDownloadInput!) {
    startDataTrackDownload(input: $input) {
      task {
        ...TaskFields
      }
    }
  }
`);

export const StartQueryResultDownload = graphql(`
  mutation StartQueryResultDownload($input: StartQueryResultDownloadInput!) {
    startQueryResultDownload(input: $input) {
      task {
        ...TaskFields
      }
    }
  }
`);
