import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type DocumentNode,
  type ExecutionResult,
  GraphQLError,
  getIntrospectionQuery,
  Kind,
  OperationTypeNode,
  parse,
  print,
} from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSchema } from '../../src/graphql/default-schema.js';
import { maskError } from '../../src/graphql/error-masking.js';

const schema = defaultSchema();

import {
  DEFAULT_OPERATION_LIMITS,
  type OperationLimits,
  useOperationLimits,
} from '../../src/graphql/use-operation-limits.js';
import * as documents from '../support/documents.js';

/**
 * The limits in front of the real schema, over real HTTP. Execution is replaced by a stub that counts
 * the operations reaching it: a refused operation must never get there, an accepted one always does
 * (and no resolver runs, so no services are needed). Introspection executes for real.
 */
interface LimitServer {
  url: string;
  executed: () => number;
  yoga: ReturnType<typeof createYoga>;
  close: () => Promise<void>;
}

function isIntrospection(document: DocumentNode): boolean {
  return document.definitions.every(
    (d) =>
      d.kind !== Kind.OPERATION_DEFINITION ||
      d.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__')),
  );
}

async function startLimitServer(limits: OperationLimits): Promise<LimitServer> {
  let executed = 0;
  const executionStub: Plugin = {
    onExecute: ({ args, setResultAndStopExecution }) => {
      executed++;
      if (!isIntrospection(args.document)) setResultAndStopExecution({ data: null });
    },
    onSubscribe: ({ setResultAndStopExecution }) => {
      executed++;
      setResultAndStopExecution({ data: null });
    },
  };
  const yoga = createYoga({
    schema,
    logging: false,
    maskedErrors: { maskError },
    plugins: [...useOperationLimits(limits), executionStub],
  });
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    executed: () => executed,
    yoga,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

interface Answer {
  status: number;
  errors: GraphQLError[];
}

/** POSTs one document; subscriptions over SSE (yoga's distinct-connections mode). */
async function send(url: string, query: string, operationName?: string): Promise<Answer> {
  const subscription = parse(query).definitions.some(
    (d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === OperationTypeNode.SUBSCRIPTION,
  );
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: subscription ? 'text/event-stream' : 'application/graphql-response+json, application/json',
    },
    body: JSON.stringify({ query, operationName }),
  });
  const text = await response.text();
  const results: ExecutionResult[] = response.headers.get('content-type')?.includes('text/event-stream')
    ? text
        .split('\n\n')
        .filter((event) => event.includes('event: next'))
        .map((event) => JSON.parse(event.slice(event.indexOf('data:') + 5)) as ExecutionResult)
    : [JSON.parse(text) as ExecutionResult];
  return {
    status: response.status,
    errors: results.flatMap((r) => (r.errors ?? []) as GraphQLError[]),
  };
}

/** The errors the limits answer: BAD_USER_INPUT with a numeric `limit`. */
function limitErrors(errors: readonly GraphQLError[]) {
  return errors.filter(
    (e) => e.extensions?.code === 'BAD_USER_INPUT' && typeof e.extensions?.limit === 'number',
  );
}

const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
const search = 'patentSearch(input: { queryText: "TTL:lidar" })';

/** facets { ... on QueryFacet { facets { ... on QueryFacet { … { tag } } } } }, `levels` times. */
function nestedFacets(levels: number): string {
  let selection = '{ tag }';
  for (let i = 0; i < levels; i++) selection = `{ ... on QueryFacet { facets ${selection} } }`;
  return `{ ${search} { facets ${selection} } }`;
}

const refusals: { name: string; query: string; field: string; limit: number; message: RegExp }[] = [
  {
    name: '3,000 aliases (one fragment of 30 aliases spread 100 times)',
    query: `query { ${repeat(100, () => '...Many')} }
      fragment Many on Query { ${repeat(30, (i) => `v${i}: vendors { vendor }`)} }`,
    field: 'aliases',
    limit: DEFAULT_OPERATION_LIMITS.maxAliases,
    message: /^This operation has 3000 aliases; the limit is 30$/,
  },
  {
    name: '3,000 aliases written out (the token limit refuses them while parsing)',
    query: `{ ${repeat(3000, (i) => `v${i}: vendors { vendor }`)} }`,
    field: 'tokens',
    limit: DEFAULT_OPERATION_LIMITS.maxTokens,
    message: /1000 tokens/,
  },
  {
    name: 'a query 26 levels deep through the recursive facet types (15 fields deep)',
    query: nestedFacets(12),
    field: 'depth',
    limit: DEFAULT_OPERATION_LIMITS.maxDepth,
    message: /^Query depth 15 exceeds the limit 12$/,
  },
  {
    name: '10 aliased patentSearch with patents and one more search (21 vendor calls)',
    query: `{ ${repeat(10, (i) => `s${i}: ${search} { total patents(first: 5) { pn } }`)} ${search} { total } }`,
    field: 'vendorCalls',
    limit: DEFAULT_OPERATION_LIMITS.maxVendorCalls,
    message: /^This operation would make 21 vendor calls; the limit is 5$/,
  },
  {
    name: '8 aliased refreshTask (8 vendor calls)',
    query: `mutation { ${repeat(8, (i) => `r${i}: refreshTask(id: "t${i}") { task { status } }`)} }`,
    field: 'vendorCalls',
    limit: DEFAULT_OPERATION_LIMITS.maxVendorCalls,
    message: /^This operation would make 8 vendor calls; the limit is 5$/,
  },
  {
    name: '20,000 tokens',
    query: `{ ${'__typename '.repeat(20_000)} }`,
    field: 'tokens',
    limit: DEFAULT_OPERATION_LIMITS.maxTokens,
    message: /^This operation has more than 1000 tokens; the limit is 1000$/,
  },
  {
    name: '100 directives',
    query: `{ ${'__typename @include(if: true) '.repeat(100)} }`,
    field: 'directives',
    limit: DEFAULT_OPERATION_LIMITS.maxDirectives,
    message: /^This operation has 100 directives; the limit is 20$/,
  },
  {
    name: 'a subscription with 40 aliases',
    query: `subscription { taskUpdated(id: "t1") { ${repeat(40, (i) => `s${i}: status`)} } }`,
    field: 'aliases',
    limit: DEFAULT_OPERATION_LIMITS.maxAliases,
    message: /^This operation has 40 aliases; the limit is 30$/,
  },
];

/** Every operation of every ```graphql block of the README, one document each (a block may hold several). */
function readmeOperations(): { name: string; query: string }[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const curl = [...readme.matchAll(/"query":"((?:[^"\\]|\\.)*)"/g)].map(
    (m) => JSON.parse(`"${m[1]}"`) as string,
  );
  return [...blocks, ...curl].flatMap((block, b) => {
    const document = parse(block);
    const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    return document.definitions
      .filter((d) => d.kind === Kind.OPERATION_DEFINITION)
      .map((operation, o) => ({
        name: `README block ${b + 1}, operation ${o + 1}`,
        query: print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }),
      }));
  });
}

/** Every operation document of test/support/documents.ts (fragment-only exports are left out). */
function testDocuments(): { name: string; query: string }[] {
  return Object.entries(documents as Record<string, DocumentNode>)
    .filter(([, doc]) => doc.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION))
    .map(([name, doc]) => ({ name, query: print(doc) }));
}

const introspectionQueries = [
  { name: 'default options', query: getIntrospectionQuery() },
  {
    name: 'every GraphiQL option',
    query: getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    }),
  },
];

let server: LimitServer;
beforeAll(async () => {
  server = await startLimitServer(DEFAULT_OPERATION_LIMITS);
});
afterAll(async () => {
  await server.close();
});

describe('operation limits over HTTP and SSE', () => {
  it.each(refusals)('refuses $name before execution', async ({ query, field, limit, message }) => {
    const before = server.executed();
    const { status, errors } = await send(server.url, query);
    const refused = limitErrors(errors);
    expect(refused.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field, limit }]);
    expect(refused[0]?.message).toMatch(message);
    expect(server.executed()).toBe(before);
    // SSE streams its errors as events (yoga answers 200 once it has chosen the stream); JSON answers 400.
    if (!query.startsWith('subscription')) expect(status).toBe(400);
  });

  it('refuses an operation that does not fit, even when the one selected does', async () => {
    const query = `query Cheap { vendors { vendor } }
      query Expensive { ${repeat(3, (i) => `s${i}: ${search} { patents { pn } }`)} }`;
    const { status, errors } = await send(server.url, query, 'Cheap');
    expect(status).toBe(400);
    expect(limitErrors(errors).map((e) => e.extensions?.field)).toEqual(['vendorCalls']);
  });

  it('honours configured limits', async () => {
    const strict = await startLimitServer({ ...DEFAULT_OPERATION_LIMITS, maxVendorCalls: 1, maxDepth: 4 });
    try {
      const twoCalls = await send(strict.url, `{ ${search} { patents { pn } } }`);
      expect(limitErrors(twoCalls.errors).map((e) => e.extensions)).toEqual([
        { code: 'BAD_USER_INPUT', field: 'vendorCalls', limit: 1 },
      ]);
      const deep = await send(strict.url, nestedFacets(2));
      expect(limitErrors(deep.errors).map((e) => e.message)).toEqual(['Query depth 5 exceeds the limit 4']);
      expect(strict.executed()).toBe(0);
      const loose = await startLimitServer({ ...DEFAULT_OPERATION_LIMITS, maxTokens: 100_000 });
      try {
        const aliases = await send(loose.url, `{ ${repeat(3000, (i) => `v${i}: vendors { vendor }`)} }`);
        expect(limitErrors(aliases.errors).map((e) => e.message)).toEqual([
          'This operation has 3000 aliases; the limit is 30',
        ]);
      } finally {
        await loose.close();
      }
    } finally {
      await strict.close();
    }
  });

  const accepted = [...readmeOperations(), ...testDocuments()];

  it('reads the README examples and the test documents', () => {
    expect(accepted.length).toBeGreaterThan(20);
    expect(accepted.map((a) => a.query).join('\n')).toContain('... on RangeFacet');
  });

  it.each(accepted)('lets $name through', async ({ query }) => {
    const before = server.executed();
    const { status, errors } = await send(server.url, query);
    expect(errors).toEqual([]);
    expect(status).toBe(200);
    expect(server.executed()).toBe(before + 1);
  });

  it('lets the deepest legal facet selection through (two levels, patents included)', async () => {
    const query = `{ ${search} {
      total
      facets { tag ... on FieldFacet { buckets { value count facets { tag ... on RangeFacet { buckets { value count facets { tag } } } } } } }
      patents(first: 5) { pn title }
    } }`;
    const { status, errors } = await send(server.url, query);
    expect(errors).toEqual([]);
    expect(status).toBe(200);
  });

  it.each(introspectionQueries)('answers the introspection query with $name', async ({ query }) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as ExecutionResult<{ __schema: { types: unknown[] } }>;
    expect(body.errors).toBeUndefined();
    expect(response.status).toBe(200);
    expect(body.data?.__schema.types.length).toBeGreaterThan(10);
  });
});

describe('operation limits on the graphql-ws path (enveloped parse and validate)', () => {
  function validateLikeWebSocket(query: string): readonly GraphQLError[] {
    const { parse: envelopedParse, validate, schema: envelopedSchema } = server.yoga.getEnveloped({});
    try {
      return validate(envelopedSchema, envelopedParse(query));
    } catch (error) {
      if (error instanceof GraphQLError) return [error];
      throw error;
    }
  }

  it.each(refusals)('refuses $name', ({ query, field, limit }) => {
    const refused = limitErrors(validateLikeWebSocket(query));
    expect(refused.map(({ extensions: e }) => ({ code: e.code, field: e.field, limit: e.limit }))).toEqual([
      { code: 'BAD_USER_INPUT', field, limit },
    ]);
    expect(refused[0]?.extensions.http).toMatchObject({ status: 400 });
  });

  it('accepts the test subscriptions and introspection', () => {
    expect(validateLikeWebSocket(print(documents.TaskUpdated))).toEqual([]);
    expect(validateLikeWebSocket(print(documents.TasksUpdated))).toEqual([]);
    for (const { query } of introspectionQueries) expect(validateLikeWebSocket(query)).toEqual([]);
  });
});
