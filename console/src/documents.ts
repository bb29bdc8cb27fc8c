import { graphql } from '../generated/index.js';

/** The operations the console sends, typed by GraphQL Code Generator (npm run codegen). */

export const ConsoleTaskFields = graphql(`
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
`);

export const ConsoleTasks = graphql(`
  query ConsoleTasks($first: Int) {
    tasks(first: $first) {
      edges {
        node {
          ...ConsoleTaskFields
        }
      }
    }
  }
`);

export const ConsoleTasksUpdated = graphql(`
  subscription ConsoleTasksUpdated {
    tasksUpdated {
      ...ConsoleTaskFields
    }
  }
`);

export const ConsoleStartPatentExport = graphql(`
  mutation ConsoleStartPatentExport($input: StartPatentExportInput!) {
    startPatentExport(input: $input) {
      task {
        ...ConsoleTaskFields
      }
    }
  }
`);

export const ConsoleRefreshTask = graphql(`
  mutation ConsoleRefreshTask($id: ID!) {
    refreshTask(id: $id) {
      task {
        ...ConsoleTaskFields
      }
    }
  }
`);

export const ConsoleCancelTask = graphql(`
  mutation ConsoleCancelTask($id: ID!) {
    cancelTask(id: $id) {
      task {
        ...ConsoleTaskFields
      }
    }
  }
`);
