import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_VARIABLE_DEPTH } from '../../src/graphql/use-request-shape.js';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { subscribeWs } from '../support/clients.js';
import { TaskUpdated } from '../support/documents.js';

// What the fuzz suite (test/fuzz) found answering INTERNAL_SERVER_ERROR, each pinned down here.
let app: TestApp;
beforeAll(async () => {
  app = await startApp({ AUTH: 'none' });
});
afterAll(async () => {
  await app.close();
  removeTempDirs();
});

const post = async (body: unknown) => {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] },
  };
};

describe('requests that used to end in an internal error', () => {
  it.each(['variables', 'extensions'])('GET with a %s parameter that is not JSON is a 400', async (name) => {
    const response = await fetch(`${app.url}?query=${encodeURIComponent('{ __typename }')}&${name}=%7B`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions?: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('a conditional subscription root field is BAD_USER_INPUT, on HTTP and graphql-ws', async () => {
    const query = 'subscription { taskUpdated(id: "x") @include(if: false) { id } }';
    const http = await post({ query });
    expect(http.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ws = subscribeWs(app.url, TaskUpdated, { id: 'x' });
    await ws.done.catch(() => {});
    const direct = await new Promise<unknown>((resolve) => {
      ws.client.subscribe({ query }, { next() {}, error: resolve, complete() {} });
    });
    expect(JSON.stringify(direct)).toContain('BAD_USER_INPUT');
    ws.stop();
  });

  it(`variables nested deeper than ${MAX_VARIABLE_DEPTH} levels are BAD_USER_INPUT with the limit`, async () => {
    type Facet = { field: { tag: string; field: string; facets?: Facet[] } };
    let facet: Facet = { field: { tag: 't', field: 'F' } };
    for (let i = 0; i < 1000; i++) facet = { field: { tag: 't', field: 'F', facets: [facet] } };
    const { body } = await post({
      query: 'query Q($input: PatentSearchInput!) { patentSearch(input: $input) { total } }',
      variables: { input: { queryText: 'x', facets: [facet] } },
    });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: MAX_VARIABLE_DEPTH });
  });
});
