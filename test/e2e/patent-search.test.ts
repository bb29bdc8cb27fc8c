import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPatSnapClient } from '../../src/vendors/patsnap/client.js';
import { validatePatentSearchInput } from '../../src/vendors/patsnap/search-input.js';
import type { PatentSearchInput } from '../generated/graphql.js';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { errorCodes, execute, executeOk } from '../support/clients.js';
import { PatentSearch, PatentSearchSamePageTwice, PatentSearchWithPatents } from '../support/documents.js';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app.close();
  removeTempDirs();
});

/** The sandbox's call counters now (a copy). */
function calls(): Record<'search.nested' | 'search.query' | 'oauth.token', number> & Record<string, number> {
  const stats = app.sandbox.patsnap?.stats;
  if (!stats) throw new Error('the PatSnap sandbox is not running');
  return { ...stats.calls };
}

/** Asks the sandbox directly, as a second client would, for the raw vendor answer to the same search. */
async function rawVendorAnswer(input: PatentSearchInput) {
  const client = createPatSnapClient({
    baseUrl: `${app.origin}/sandbox/patsnap`,
    clientId: 'sandbox-client',
    clientSecret: 'sandbox-client-secret',
  });
  const { request } = validatePatentSearchInput(input);
  return (await client.call('test', 'POST', 'search/patent/nested-search-patent', { json: request })) as {
    num_found: number;
    facets: Record<string, unknown>;
  };
}

type RawBucket = { name: string; count: number } & Record<string, unknown>;

const twoLevels: PatentSearchInput = {
  queryText: 'TTL:(lidar AND vehicle)',
  facets: [
    {
      field: {
        tag: 'authority',
        field: 'AUTHORITY',
        limit: 3,
        numBuckets: true,
        facets: [{ range: { tag: 'apd_year', field: 'APD_YEAR', start: 2015, end: 2020, gap: 1 } }],
      },
    },
    { query: { tag: 'recent', query: 'APD_YEAR:[2018 TO 2024]' } },
    { aggregate: { tag: 'avg_pv', function: 'AVG', field: 'PV' } },
  ],
};

describe('patentSearch', () => {
  it('returns typed two-level facets whose counts equal the vendor answer, without calling P002', async () => {
    const before = calls();
    const { patentSearch } = await executeOk(app.url, PatentSearch, { input: twoLevels });
    const after = calls();
    expect(after['search.nested'] - before['search.nested']).toBe(1);
    expect(after['search.query']).toBe(before['search.query']);

    const raw = await rawVendorAnswer(twoLevels);
    expect(patentSearch.total).toBe(raw.num_found);
    expect(patentSearch.facets.map((f) => [f.__typename, f.tag])).toEqual([
      ['FieldFacet', 'authority'],
      ['QueryFacet', 'recent'],
      ['AggregateFacet', 'avg_pv'],
    ]);

    const [authority, recent, avg] = patentSearch.facets;
    if (authority?.__typename !== 'FieldFacet') throw new Error('not a field facet');
    const rawAuthority = raw.facets.authority as RawBucket[];
    expect(authority.bucketCount).toBe(raw.facets.authority_num_buckets);
    expect(authority.buckets.length).toBeGreaterThan(0);
    expect(authority.buckets.map((b) => [b.value, b.count])).toEqual(
      rawAuthority.map((b) => [b.name, b.count]),
    );
    authority.buckets.forEach((bucket, i) => {
      const child = bucket.facets[0];
      if (child?.__typename !== 'RangeFacet') throw new Error('not a range facet');
      const rawYears = rawAuthority[i]?.apd_year as RawBucket[];
      expect(child.buckets.map((b) => [b.value, b.count])).toEqual(rawYears.map((b) => [b.name, b.count]));
      expect(child.buckets.map((b) => b.value)).toEqual(['2015', '2016', '2017', '2018', '2019']);
      // Children partition their parent.
      expect(child.buckets.reduce((sum, b) => sum + b.count, 0)).toBeLessThanOrEqual(bucket.count);
    });

    if (recent?.__typename !== 'QueryFacet') throw new Error('not a query facet');
    expect(recent.count).toBe((raw.facets.recent as { count: number }).count);
    if (avg?.__typename !== 'AggregateFacet') throw new Error('not an aggregate facet');
    expect(avg).toMatchObject({ expression: 'avg(PV)', value: raw.facets.avg_pv });
  });

  it('resolves patents through P002 only when selected, one call per distinct page', async () => {
    const before = calls();
    const { patentSearch } = await executeOk(app.url, PatentSearchWithPatents, {
      input: { queryText: 'TTL:(lidar AND vehicle)' },
      first: 7,
      offset: 2,
    });
    expect(calls()['search.query'] - before['search.query']).toBe(1);
    expect(patentSearch.patents).toHaveLength(7);
    for (const patent of patentSearch.patents) {
      expect(patent.patentId).toMatch(/^[0-9a-f-]{36}$/);
      expect(patent.pn).toBeTruthy();
    }

    const middle = calls();
    const twice = (await executeOk(app.url, PatentSearchSamePageTwice, { input: { queryText: 'TTL:car' } }))
      .patentSearch;
    // `first` and `again` are the same page: de-duplicated by the request's dataloader.
    expect(calls()['search.query'] - middle['search.query']).toBe(2);
    expect(twice.again).toEqual(twice.first);
    expect(twice.next.map((p) => p.pn)).not.toEqual(twice.first.map((p) => p.pn));
  });
});

describe('patentSearch input is checked before any vendor call', () => {
  const field = (tag: string, extra: Record<string, unknown> = {}) => ({
    field: { tag, field: 'PATENT_TYPE', ...extra },
  });
  const range = (tag: string, extra: Record<string, unknown> = {}) => ({
    range: { tag, field: 'APD_YEAR', start: 2000, end: 2010, ...extra },
  });

  it.each([
    [
      '6 facets at one level',
      { facets: ['a', 'b', 'c', 'd', 'e', 'f'].map((t) => field(t)) },
      'input.facets',
      5,
    ],
    [
      'three levels',
      { facets: [field('a', { facets: [range('b', { facets: [field('c')] })] })] },
      'input.facets[0].field.facets[0].range.facets',
      2,
    ],
    [
      'a nested aggregate',
      { facets: [field('a', { facets: [{ aggregate: { tag: 'x', function: 'SUM', field: 'PV' } }] })] },
      'input.facets[0].field.facets[0].aggregate',
      1,
    ],
    ['a repeated tag', { facets: [field('a'), range('a')] }, 'input.facets[1].range.tag', null],
    ['the tag "count"', { facets: [field('count')] }, 'input.facets[0].field.tag', null],
    ['field limit 501', { facets: [field('a', { limit: 501 })] }, 'input.facets[0].field.limit', 500],
    [
      'nested field limit 101',
      { facets: [range('r', { facets: [field('a', { limit: 101 })] })] },
      'input.facets[0].range.facets[0].field.limit',
      100,
    ],
    [
      'range start >= end',
      { facets: [range('r', { start: 2010, end: 2000 })] },
      'input.facets[0].range.end',
      null,
    ],
    ['range gap 0', { facets: [range('r', { gap: 0 })] }, 'input.facets[0].range.gap', 1],
    ['600 range buckets', { facets: [range('r', { start: 0, end: 600 })] }, 'input.facets[0].range.gap', 500],
    ['an unknown sort field', { sort: [{ field: 'TITLE', order: 'DESC' }] }, 'input.sort[0].field', null],
    [
      'a repeated sort field',
      {
        sort: [
          { field: 'ISD', order: 'DESC' },
          { field: 'ISD', order: 'ASC' },
        ],
      },
      'input.sort[1].field',
      null,
    ],
    ['limit 1001', { limit: 1001 }, 'input.limit', 1000],
    ['limit + offset over 20,000', { limit: 100, offset: 19_950 }, 'input.offset', 20_000],
    ['two kinds in one facet', { facets: [{ ...field('a'), ...range('b') }] }, 'input.facets[0]', null],
  ])('%s: BAD_USER_INPUT at %s', async (_name, extra, path, limit) => {
    const before = calls();
    const result = await execute(app.url, PatentSearch, {
      input: { queryText: 'TTL:car', ...extra } as PatentSearchInput,
    });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions).toMatchObject({ field: path, limit });
    expect(calls()).toEqual(before);
  });

  it('patents(first: 1001) is refused with its argument path, after the facets were fetched', async () => {
    const before = calls();
    const result = await execute(app.url, PatentSearchWithPatents, {
      input: { queryText: 'TTL:car' },
      first: 1001,
    });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions).toMatchObject({ field: 'patents.first', limit: 1000 });
    expect(calls()['search.query']).toBe(before['search.query']);
  });
});
