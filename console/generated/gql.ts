/* eslint-disable */
import * as types from './graphql.js';



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
    "\n  fragment ConsoleTaskFields on ExportTask {\n    id\n    kind\n    vendor\n    vendorTaskId\n    status\n    vendorStatus\n    queuePosition\n    itemCount\n    downloadUrl\n    downloadExpiresAt\n    pollCount\n    createdAt\n    updatedAt\n    error {\n      code\n      message\n    }\n    history {\n      status\n      vendorStatus\n      at\n    }\n  }\n": typeof types.ConsoleTaskFieldsFragmentDoc,
    "\n  query ConsoleTasks($first: Int) {\n    tasks(first: $first) {\n      edges {\n        node {\n          ...ConsoleTaskFields\n        }\n      }\n    }\n  }\n": typeof types.ConsoleTasksDocument,
    "\n  subscription ConsoleTasksUpdated {\n    tasksUpdated {\n      ...ConsoleTaskFields\n    }\n  }\n": typeof types.ConsoleTasksUpdatedDocument,
    "\n  mutation ConsoleStartPatentExport($input: StartPatentExportInput!) {\n    startPatentExport(input: $input) {\n      task {\n        ...ConsoleTaskFields\n      }\n    }\n  }\n": typeof types.ConsoleStartPatentExportDocument,
    "\n  mutation ConsoleRefreshTask($id: ID!) {\n    refreshTask(id: $id) {\n      task {\n        ...ConsoleTaskFields\n      }\n    }\n  }\n": typeof types.ConsoleRefreshTaskDocument,
    "\n  mutation ConsoleCancelTask($id: ID!) {\n    cancelTask(id: $id) {\n      task {\n        ...ConsoleTaskFields\n      }\n    }\n  }\n": typeof types.ConsoleCancelTaskDocument,
};
const documents: Documents = {
    "\n  fragment ConsoleTaskFields on ExportTask {\n    id\n    kind\n    vendor\n    vendorTaskId\n    status\n    vendorStatus\n    queuePosition\n    itemCount\n    downloadUrl\n    downloadExpiresAt\n    pollCount\n    createdAt\n    updatedAt\n    error {\n      code\n      message\n    }\n    history {\n      status\n      vendorStatus\n      at\n    }\n  }\n": types.ConsoleTaskFieldsFragmentDoc,
    "\n  query ConsoleTasks($first: Int) {\n    tasks(first: $first) {\n      edges {\n        node {\n          ...ConsoleTaskFields\n        }\n      }\n    }\n  }\n": types.ConsoleTasksDocument,
    "\n  subscription ConsoleTasksUpdated {\n    tasksUpdated {\n      ...ConsoleTaskFields\n    }\n  }\n": types.ConsoleTasksUpdatedDocument,
    "\n  mutation ConsoleStartPatentExport($input: StartPatentExportInput!) {\n    startPatentExport(input: $input) {\n      task {\n        ...ConsoleTaskFields\n      }\n    }\n  }\n": types.ConsoleStartPatentExportDocument,
    "\n  mutation ConsoleRefreshTask($id: ID!) {\n    refreshTask(id: $id) {\n      task {\n        ...ConsoleTaskFields\n      }\n    }\n  }\n": types.ConsoleRefreshTaskDocument,
    "\n  mutation ConsoleCancelTask($id: ID!) {\n    cancelTask(id: $id) {\n      task {\n        ...ConsoleTaskFields\n      }\n    }\n  }\n": types.ConsoleCancelTaskDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleTaskFields on ExportTask {\n    id\n    kind\n    vendor\n    vendorTaskId\n    status\n    vendorStatus\n    queuePosition\n    itemCount\n    downloadUrl\n    downloadExpiresAt\n    pollCount\n    createdAt\n    updatedAt\n    error {\n      code\n      message\n    }\n    history {\n      status\n      vendorStatus\n      at\n    }\n  }\n"): typeof import('./graphql.js').ConsoleTaskFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleTasks($first: Int) {\n    tasks(first: $first) {\n      edges {\n        node {\n          ...ConsoleTaskFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleTasksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleTasksUpdated {\n    tasksUpdated {\n      ...ConsoleTaskFields\n    }\n  }\n"): typeof import('./graphql.js').ConsoleTasksUpdatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleStartPatentExport($input: StartPatentExportInput!) {\n    startPatentExport(input: $input) {\n      task {\n        ...ConsoleTaskFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleStartPatentExportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRefreshTask($id: ID!) {\n    refreshTask(id: $id) {\n      task {\n        ...ConsoleTaskFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleRefreshTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCancelTask($id: ID!) {\n    cancelTask(id: $id) {\n      task {\n        ...ConsoleTaskFields\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleCancelTaskDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
