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
