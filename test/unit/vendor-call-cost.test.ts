import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { defaultSchema } from '../../src/graphql/default-schema.js';

const schema = defaultSchema();

import { DEFAULT_OPERATION_LIMITS, vendorCallCost } from '../../src/graphql/use-operation-limits.js';
import {
  GetTask,
  PatentSearch,
  PatentSearchSamePageTwice,
  PatentSearchWithPatents,
  RefreshTask,
  TaskUpdated,
} from '../support/documents.js';

const cost = (source: string, operationName?: string | null) =>
  vendorCallCost(schema, parse(source), operationName);

const search = 'patentSearch(input: { queryText: "x" })';

describe('vendorCallCost', () => {
  it('costs nothing for store reads, subscriptions and introspection', () => {
    expect(cost('{ vendors { vendor } task(id: "1") { id status } }')).toBe(0);
    expect(cost('subscription { taskUpdated(id: "1") { status downloadUrl } }')).toBe(0);
    expect(cost('{ __schema { types { name } } }')).toBe(0);
  });

  it('counts a patentSearch as one call and each patents selection inside it as one more', () => {
    expect(cost(`{ ${search} { total facets { tag } } }`)).toBe(1);
    expect(cost(`{ ${search} { total patents(first: 5) { pn } } }`)).toBe(2);
    expect(cost(`{ ${search} { a: patents(first: 5) { pn } b: patents(first: 5, offset: 5) { pn } } }`)).toBe(
      3,
    );
  });

  it('multiplies by aliases', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `s${i}: ${search} { patents { pn } }`).join('\n');
    expect(cost(`{ ${ten} }`)).toBe(20);
    expect(cost(`{ ${ten} ${search} { total } }`)).toBe(21);
  });

  it('counts patents only inside a patentSearch', () => {
    expect(cost('{ patents { pn } }')).toBe(0);
  });

  it('expands inline fragments and nested selections', () => {
    expect(cost(`{ ... on Query { ${search} { ... on PatentSearchResult { patents { pn } } } } }`)).toBe(2);
    expect(cost(`query { ... @include(if: true) { ${search} { total } } }`)).toBe(1);
  });

  it('counts a fragment once per spread, in the context it is spread into', () => {
    const doc = `
      query Q { a: ${search} { ...Page } b: ${search} { ...Page ...Page } }
      fragment Page on PatentSearchResult { patents(first: 1) { pn } }`;
    // 2 searches + 3 uses of a fragment with one patents each
    expect(cost(doc)).toBe(5);
    const searchFragment = `
      query Q { ...S ...S ...S }
      fragment S on Query { ${search} { ...Page } }
      fragment Page on PatentSearchResult { patents(first: 1) { pn } }`;
    expect(cost(searchFragment)).toBe(6);
    // The same fragment outside a patentSearch costs nothing.
    expect(cost('query { ...Page } fragment Page on Query { patents { pn } }')).toBe(0);
  });

  it('stays linear with fragments that spread each other many times', () => {
    const levels = 40;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on PatentSearchResult { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const doc = `{ ${search} { ...F0 } } ${fragments} fragment F${levels} on PatentSearchResult { patents { pn } }`;
    expect(cost(doc)).toBe(1 + 2 ** levels);
  });

  it('does not loop on fragment cycles (a validation error anyway)', () => {
    const doc = `{ ${search} { ...A } } fragment A on PatentSearchResult { patents { pn } ...B } fragment B on PatentSearchResult { ...A }`;
    expect(cost(doc)).toBe(2);
    expect(cost('{ ...Missing }')).toBe(0);
  });

  it('counts each start, track and refresh in a mutation, aliases included', () => {
    expect(
      cost(
        'mutation { a: startPatentExport(input: { queryText: "x", fields: ["PN"], exportType: CSV }) { task { id } } b: trackTask(input: { kind: PATENT_EXPORT, vendorTaskId: "v" }) { task { id } } }',
      ),
    ).toBe(2);
  });

  it('counts each refreshTask in a mutation, aliases included', () => {
    const eight = Array.from({ length: 8 }, (_, i) => `r${i}: refreshTask(id: "t${i}") { task { status } }`);
    expect(cost(`mutation { ${eight.join(' ')} }`)).toBe(8);
    expect(
      cost('mutation { cancelTask(id: "1") { task { status } } refreshTask(id: "1") { task { id } } }'),
    ).toBe(1);
  });

  it('selects the operation by name; without one, the most expensive', () => {
    const doc = `
      query Cheap { vendors { vendor } }
      query Search { ${search} { patents { pn } } }
      mutation Refresh { a: refreshTask(id: "1") { task { id } } b: refreshTask(id: "2") { task { id } } c: refreshTask(id: "3") { task { id } } }`;
    expect(cost(doc, 'Cheap')).toBe(0);
    expect(cost(doc, 'Search')).toBe(2);
    expect(cost(doc, 'Refresh')).toBe(3);
    expect(cost(doc, 'Unknown')).toBe(0);
    expect(cost(doc)).toBe(3);
    expect(cost(doc, null)).toBe(3);
  });

  it('fits every test document under the default limit', () => {
    const documents = [
      PatentSearch,
      PatentSearchWithPatents,
      PatentSearchSamePageTwice,
      RefreshTask,
      GetTask,
    ];
    const costs = documents.map((doc) => vendorCallCost(schema, parse(print(doc))));
    expect(costs).toEqual([1, 2, 4, 1, 0]);
    expect(vendorCallCost(schema, parse(print(TaskUpdated)))).toBe(0);
    for (const c of costs) expect(c).toBeLessThanOrEqual(DEFAULT_OPERATION_LIMITS.maxVendorCalls);
  });
});
