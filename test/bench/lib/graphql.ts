/** One GraphQL request over HTTP; throws on any GraphQL error. */
export async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) {
    throw new Error(`GraphQL error (HTTP ${response.status}): ${JSON.stringify(body.errors)}`);
  }
  return body.data;
}

export const START_EXPORT = `mutation BenchStart($input: StartPatentExportInput!) {
  startPatentExport(input: $input) { task { id vendorTaskId status } }
}`;

export interface StartedTask {
  id: string;
  vendorTaskId: string;
  status: string;
}

export async function startExport(url: string, queryText: string): Promise<StartedTask> {
  const data = await gql<{ startPatentExport: { task: StartedTask } }>(url, START_EXPORT, {
    input: { queryText, fields: ['PN', 'TITLE'], exportType: 'CSV', rows: 10 },
  });
  return data.startPatentExport.task;
}
