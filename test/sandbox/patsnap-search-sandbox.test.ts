import { describe, expect, it } from 'vitest';
import {
  type ApiCall,
  api,
  CLIENT_ID,
  CLIENT_SECRET,
  dataOf,
  expectEnvelopeError,
  patsnapSandboxes,
  TASK_MS,
} from '../support/patsnap-api.js';

const API_KEY = `sk-${'b'.repeat(48)}`;
const { startSandbox } = patsnapSandboxes(API_KEY);

const keyAuth = { bearer: API_KEY };

const NESTED = '/search/patent/nested-search-patent';
const LIST = '/search/patent/query-search-patent';
const QUERY = 'TTL:(lidar AND vehicle)';

interface Bucket {
  name: string;
  count: number;
  [child: string]: unknown;
}

interface NestedData {
  num_found: number;
  facets: Record<string, unknown>;
  id_mapping: Record<string, unknown>;
}

interface ListData {
  results: Record<string, unknown>[];
  result_count: number;
  total_search_result_count: number;
}

async function nested(base: string, body: Record<string, unknown>, auth: ApiCall = keyAuth) {
  return api(base, NESTED, { method: 'POST', ...auth, json: body });
}

async function list(base: string, body: Record<string, unknown>, auth: ApiCall = keyAuth) {
  return api(base, LIST, { method: 'POST', ...auth, json: body });
}

const rangeChild = { type: 'range', tag: 'apd_year', field: 'APD_YEAR', start: 2015, end: 2020, gap: 2 };

/** A field facet with a range child, a query facet with a field child, and top-level aggregates. */
const twoLevel = {
  query_text: QUERY,
  facet: [
    { type: 'field', tag: 'authority', field: 'AUTHORITY', limit: 3, num_buckets: true, facet: [rangeChild] },
    {
      type: 'query',
      tag: 'recent',
      query: 'APD_YEAR:[2018 TO *]',
      facet: [{ type: 'field', tag: 'type', field: 'PATENT_TYPE' }],
    },
    { type: 'aggregate', tag: 'avg_pv', expr: 'avg(PV)' },
    { type: 'aggregate', tag: 'max_pv', expr: 'max(PV)' },
    { type: 'aggregate', tag: 'assignees', expr: 'unique(ANCS)' },
  ],
  limit: 10,
  offset: 0,
  sort: [{ field: 'SCORE', order: 'DESC' }],
  stemming: false,
};

describe('POST /search/patent/nested-search-patent (P075)', () => {
  it('answers exact, deterministic counts for a two-level request', async () => {
    const h = await startSandbox();
    const res = await nested(h.base, twoLevel);
    const data = dataOf<NestedData>(res);
    const years = (c2015: number, c2017: number, c2019: number) => [
      { name: '2015', count: c2015 },
      { name: '2017', count: c2017 },
      { name: '2019', count: c2019 },
    ];
    expect(data).toEqual({
      num_found: 354,
      id_mapping: {},
      facets: {
        authority: [
          { name: 'CN', count: 71, apd_year: years(11, 10, 2) },
          { name: 'EP', count: 71, apd_year: years(9, 9, 2) },
          { name: 'JP', count: 71, apd_year: years(7, 12, 3) },
        ],
        authority_num_buckets: 5,
        recent: {
          count: 64,
          type: [
            { name: 'A', count: 55 },
            { name: 'B', count: 9 },
          ],
        },
        avg_pv: 105594.2627118644,
        max_pv: 958945,
        assignees: 5,
      },
    });
    // Keys follow the request's facet order, with <tag>_num_buckets right after its facet.
    expect(Object.keys(data.facets)).toEqual([
      'authority',
      'authority_num_buckets',
      'recent',
      'avg_pv',
      'max_pv',
      'assignees',
    ]);
    const again = await nested(h.base, twoLevel);
    expect(again.text).toBe(res.text);
  });

  it('keeps every level consistent with its parent and with the other facets', async () => {
    const h = await startSandbox();
    const data = dataOf<NestedData>(
      await nested(h.base, {
        query_text: 'ABST:(solid state battery)',
        facet: [
          {
            type: 'field',
            tag: 'assignee',
            field: 'ANCS',
            limit: 100,
            num_buckets: true,
            facet: [
              { type: 'range', tag: 'year', field: 'APD_YEAR', start: 2000, end: 2030, gap: 1 },
              { type: 'field', tag: 'prop', field: 'PUM_PROP_ID_CN', limit: 3, num_buckets: true },
            ],
          },
          { type: 'range', tag: 'year', field: 'APD_YEAR', start: 2000, end: 2030, gap: 5 },
          { type: 'query', tag: 'early', query: 'APD_YEAR:[2005 TO 2009]' },
          { type: 'aggregate', tag: 'patent_types', expr: 'unique(PATENT_TYPE)' },
        ],
      }),
    );
    const assignees = data.facets.assignee as Bucket[];
    expect(assignees.length).toBe(data.facets.assignee_num_buckets);
    const total = assignees.reduce((sum, b) => sum + b.count, 0);
    // Every patent has one current assignee, and the range covers every filing year.
    expect(total).toBe(data.num_found);
    for (const bucket of assignees) {
      const years = bucket.year as Bucket[];
      expect(years.map((y) => y.name)).toEqual(Array.from({ length: 30 }, (_, i) => String(2000 + i)));
      expect(years.reduce((sum, y) => sum + y.count, 0)).toBe(bucket.count);
      const props = bucket.prop as Bucket[];
      expect(props.length).toBeLessThanOrEqual(3);
      expect(bucket.prop_num_buckets).toBeGreaterThanOrEqual(props.length);
      expect(props.reduce((sum, p) => sum + p.count, 0)).toBeLessThanOrEqual(bucket.count);
      expect(props.map((p) => p.count)).toEqual([...props.map((p) => p.count)].sort((a, b) => b - a));
      for (const p of props)
        expect(p.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    // Buckets [2000, 2005), [2005, 2010), ... ; the query facet counts the same documents.
    const fiveYears = data.facets.year as [Bucket, Bucket, ...Bucket[]];
    expect(fiveYears.map((b) => b.name)).toEqual(['2000', '2005', '2010', '2015', '2020', '2025']);
    expect(fiveYears[1].count).toBe((data.facets.early as { count: number }).count);
    const byYear = (assignees.flatMap((b) => b.year) as Bucket[]).filter((y) => y.name.startsWith('200'));
    expect(byYear.reduce((sum, y) => sum + y.count, 0)).toBe(fiveYears[0].count + fiveYears[1].count);
    expect(data.facets.patent_types).toBe(2);
  });

  it('pages field buckets with offset and mincount', async () => {
    const h = await startSandbox();
    const facet = (extra: Record<string, unknown>) => ({
      query_text: QUERY,
      facet: [{ type: 'field', tag: 'prop', field: 'PUM_PROP_ID_CN', num_buckets: true, ...extra }],
    });
    const all = dataOf<NestedData>(await nested(h.base, facet({ limit: 500 }))).facets;
    const buckets = all.prop as Bucket[];
    expect(buckets).toHaveLength(all.prop_num_buckets as number);
    const page = dataOf<NestedData>(await nested(h.base, facet({ limit: 5, offset: 5 }))).facets;
    expect(page.prop).toEqual(buckets.slice(5, 10));
    expect(page.prop_num_buckets).toBe(buckets.length);
    const frequent = dataOf<NestedData>(await nested(h.base, facet({ limit: 500, mincount: 10 }))).facets;
    expect(frequent.prop).toEqual(buckets.filter((b) => b.count >= 10));
    expect(frequent.prop_num_buckets).toBe((frequent.prop as Bucket[]).length);
    // Without num_buckets there is no _num_buckets key; without facets, no facets.
    const plain = dataOf<NestedData>(await nested(h.base, facet({ num_buckets: false }))).facets;
    expect(Object.keys(plain)).toEqual(['prop']);
    expect(dataOf<NestedData>(await nested(h.base, { query_text: QUERY })).facets).toEqual({});
  });

  it('counts as many hits as P002 lists and P055 exports for the same query', async () => {
    const h = await startSandbox();
    for (const query_text of [QUERY, 'TACD: (lithium battery)', '电池']) {
      const { num_found } = dataOf<NestedData>(await nested(h.base, { query_text }));
      const listed = dataOf<ListData>(await list(h.base, { query_text, limit: 1 }));
      expect(listed.total_search_result_count).toBe(num_found);
      const exported = await api(h.base, '/patent-search/export', {
        method: 'POST',
        ...keyAuth,
        json: { query_text, fields: 'PN', export_type: 'csv', rows: 100_000 },
      });
      expect(dataOf<{ count: number }>(exported).count).toBe(num_found);
    }
  });

  const field = (extra: Record<string, unknown> = {}) => ({
    type: 'field',
    tag: 'f',
    field: 'AUTHORITY',
    ...extra,
  });
  const withFacets = (facet: unknown[], extra: Record<string, unknown> = {}) => ({
    query_text: QUERY,
    facet,
    ...extra,
  });
  const fieldTags = (n: number) => Array.from({ length: n }, (_, i) => field({ tag: `f${i}` }));

  it.each([
    ['no query_text', { facet: [] }],
    ['a blank query_text', withFacets([], { query_text: '  ' })],
    ['a query_text over 3000 chars', withFacets([], { query_text: 'a'.repeat(3001) })],
    ['6 facets at the top level', withFacets(fieldTags(6))],
    ['6 facets at the second level', withFacets([field({ facet: fieldTags(6) })])],
    ['three levels', withFacets([field({ facet: [field({ facet: [field()] })] })])],
    [
      'a nested aggregate',
      withFacets([field({ facet: [{ type: 'aggregate', tag: 'a', expr: 'avg(PV)' }] })]),
    ],
    [
      'an aggregate with children',
      withFacets([{ type: 'aggregate', tag: 'a', expr: 'avg(PV)', facet: [field()] }]),
    ],
    ['duplicate tags', withFacets([field({ tag: 'x' }), { type: 'query', tag: 'x', query: 'PV:[0 TO 10]' }])],
    [
      'a tag clashing with a _num_buckets key',
      withFacets([field({ num_buckets: true }), field({ tag: 'f_num_buckets' })]),
    ],
    ['the tag name', withFacets([field({ tag: 'name' })])],
    ['the tag count in a child', withFacets([field({ facet: [field({ tag: 'count' })] })])],
    ['an empty tag', withFacets([field({ tag: '' })])],
    ['a field limit over 500 at the top', withFacets([field({ limit: 501 })])],
    ['a field limit over 100 when nested', withFacets([field({ facet: [field({ limit: 101 })] })])],
    ['a negative field offset', withFacets([field({ offset: -1 })])],
    ['a negative mincount', withFacets([field({ mincount: -1 })])],
    ['num_buckets as a string', withFacets([field({ num_buckets: 'true' })])],
    ['a lower-case field code', withFacets([field({ field: 'authority' })])],
    ['a field facet without field', withFacets([{ type: 'field', tag: 'f' }])],
    ['an unknown facet type', withFacets([{ type: 'pivot', tag: 'p', field: 'PV' }])],
    ['a facet without tag', withFacets([{ type: 'field', field: 'PV' }])],
    ['range start == end', withFacets([{ ...rangeChild, end: 2015 }])],
    ['range start > end', withFacets([{ ...rangeChild, start: 2021 }])],
    ['range gap 0', withFacets([{ ...rangeChild, gap: 0 }])],
    ['a negative range gap', withFacets([{ ...rangeChild, gap: -1 }])],
    ['a fractional range start', withFacets([{ ...rangeChild, start: 2015.5 }])],
    ['501 range buckets at the top', withFacets([{ ...rangeChild, start: 0, end: 501, gap: 1 }])],
    [
      '101 range buckets when nested',
      withFacets([field({ facet: [{ ...rangeChild, start: 0, end: 202, gap: 2 }] })]),
    ],
    ['a range over a text field', withFacets([{ ...rangeChild, field: 'AUTHORITY' }])],
    ['a range without end', withFacets([{ ...rangeChild, end: undefined }])],
    ['a query facet without query', withFacets([{ type: 'query', tag: 'q' }])],
    ['an unknown aggregate function', withFacets([{ type: 'aggregate', tag: 'a', expr: 'median(PV)' }])],
    ['a compound aggregate', withFacets([{ type: 'aggregate', tag: 'a', expr: 'avg(PV) + 1' }])],
    ['avg over a text field', withFacets([{ type: 'aggregate', tag: 'a', expr: 'avg(ANCS)' }])],
    ['facet not an array', withFacets([], { facet: field() })],
    ['an unknown sort field', withFacets([], { sort: [{ field: 'TITLE', order: 'DESC' }] })],
    ['an unknown sort order', withFacets([], { sort: [{ field: 'SCORE', order: 'DOWN' }] })],
    [
      'a duplicate sort field',
      withFacets([], {
        sort: [
          { field: 'SCORE', order: 'DESC' },
          { field: 'SCORE', order: 'ASC' },
        ],
      }),
    ],
    ['limit over 1000', withFacets([], { limit: 1001 })],
    ['a negative limit', withFacets([], { limit: -1 })],
    ['a negative offset', withFacets([], { offset: -1 })],
    ['limit + offset over 20000', withFacets([], { limit: 1000, offset: 19_001 })],
    ['stemming as 1', withFacets([], { stemming: 1 })],
  ])('answers 68300004 for %s', async (_, body) => {
    const h = await startSandbox();
    const res = await nested(h.base, body as Record<string, unknown>);
    expectEnvelopeError(res, 68300004, 200);
    expect(res.json?.error_msg).toBe('Invalid parameter!');
  });

  it.each([
    ['5 facets at each level', withFacets([...fieldTags(4), field({ tag: 'p', facet: fieldTags(5) })])],
    [
      'field limits of exactly 500 and 100',
      withFacets([field({ limit: 500, facet: [field({ limit: 100 })] })]),
    ],
    ['exactly 500 range buckets', withFacets([{ ...rangeChild, start: 0, end: 1000, gap: 2 }])],
    [
      'exactly 100 nested range buckets',
      withFacets([field({ facet: [{ ...rangeChild, start: 0, end: 100 }] })]),
    ],
    ['the same tag at two levels', withFacets([field({ facet: [field()] })])],
    ['an empty child list at the second level', withFacets([field({ facet: [field({ facet: [] })] })])],
    [
      'lower-case sort order and paging bounds',
      withFacets([], { sort: [{ field: 'ISD', order: 'asc' }], limit: 1000, offset: 19_000 }),
    ],
    [
      'null optional fields',
      withFacets([field({ limit: null, mincount: null })], { sort: null, stemming: null }),
    ],
  ])('accepts %s', async (_, body) => {
    const h = await startSandbox();
    dataOf<NestedData>(await nested(h.base, body as Record<string, unknown>));
  });

  it('makes a tag like __proto__ a plain key', async () => {
    const h = await startSandbox();
    const res = await nested(h.base, withFacets([field({ tag: '__proto__' })]));
    expect(res.text).toContain('"facets":{"__proto__":[{"name":');
  });

  it('answers 68300007 for a body that is not a JSON object', async () => {
    const h = await startSandbox();
    for (const rawBody of ['{"query_text": ', '[]', '"TTL:car"']) {
      expectEnvelopeError(await api(h.base, NESTED, { method: 'POST', ...keyAuth, rawBody }), 68300007, 200);
    }
  });
});

describe('POST /search/patent/query-search-patent (P002)', () => {
  it('pages consistently through one deterministic result list', async () => {
    const h = await startSandbox();
    const whole = dataOf<ListData>(await list(h.base, { query_text: QUERY, limit: 1000 }));
    expect(whole.total_search_result_count).toBe(354);
    expect(whole.result_count).toBe(354);
    expect(new Set(whole.results.map((r) => r.pn)).size).toBe(354);
    const pages: Record<string, unknown>[] = [];
    for (let offset = 0; offset < 354; offset += 50) {
      const page = dataOf<ListData>(await list(h.base, { query_text: QUERY, limit: 50, offset }));
      expect(page.total_search_result_count).toBe(354);
      expect(page.result_count).toBe(page.results.length);
      pages.push(...page.results);
    }
    expect(pages).toEqual(whole.results);
    const past = dataOf<ListData>(await list(h.base, { query_text: QUERY, limit: 10, offset: 400 }));
    expect(past).toEqual({ results: [], result_count: 0, total_search_result_count: 354 });
    const byDefault = dataOf<ListData>(await list(h.base, { query_text: QUERY }));
    expect(byDefault.results).toEqual(whole.results.slice(0, 10));
  });

  it('lists items in the vendor shape, the patents the export writes', async () => {
    const h = await startSandbox();
    const { results } = dataOf<ListData>(await list(h.base, { query_text: QUERY, limit: 3, offset: 2 }));
    expect(results).toHaveLength(3);
    for (const item of results) {
      expect(Object.keys(item).sort()).toEqual([
        'apdt',
        'apno',
        'authority',
        'current_assignee',
        'inventor',
        'original_assignee',
        'patent_id',
        'pbdt',
        'pn',
        'title',
      ]);
      expect(item.patent_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(item.pn).toMatch(/^(CN|US|EP|JP|WO)\d{8}[AB]\d?$/);
      expect(item.inventor).toMatch(/^\S+ A\. \| \S+ B\.$/);
      expect(item.apdt).toEqual(expect.any(Number));
      expect(String(item.apdt)).toMatch(/^(200|201|202)\d{5}$/);
      expect(item.pbdt as number).toBeGreaterThan(item.apdt as number);
    }
    const exported = await api(h.base, '/patent-search/export', {
      method: 'POST',
      ...keyAuth,
      json: { query_text: QUERY, fields: 'PN,TITLE', export_type: 'json', rows: 3, offset: 2 },
    });
    const { task_id } = dataOf<{ task_id: string }>(exported);
    h.clock.now += TASK_MS;
    const { url } = dataOf<{ url: string }>(
      await api(h.base, '/patent-search/task', { ...keyAuth, query: { task_id } }),
    );
    const rows = (await (await fetch(url)).json()) as { PN: string; TITLE: string }[];
    expect(rows).toEqual(results.map((r) => ({ PN: r.pn, TITLE: r.title })));
  });

  it('sorts by date either way, ties in relevance order', async () => {
    const h = await startSandbox();
    const sorted = async (field: string, order: string) =>
      dataOf<ListData>(await list(h.base, { query_text: QUERY, limit: 1000, sort: [{ field, order }] }))
        .results;
    const ascending = (await sorted('APD_YEARMONTHDAY', 'asc')).map((r) => r.apdt as number);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    const descending = (await sorted('PBDT_YEARMONTHDAY', 'DESC')).map((r) => r.pbdt as number);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    const granted = await sorted('ISD', 'desc');
    const firstApplication = granted.findIndex((r) => !/B\d?$/.test(r.pn as string));
    // Applications have no issue date and sort last.
    expect(granted.slice(firstApplication).every((r) => !/B\d?$/.test(r.pn as string))).toBe(true);
  });

  it.each([
    ['no query_text', { query_text: undefined }],
    ['limit 0', { limit: 0 }],
    ['limit over 1000', { limit: 1001 }],
    ['limit + offset over 20000', { limit: 1000, offset: 19_001 }],
    ['a negative offset', { offset: -5 }],
    ['an unknown sort field', { sort: [{ field: 'APD', order: 'asc' }] }],
    ['stemming true', { stemming: true }],
    ['an unknown collapse_type', { collapse_type: 'FAMILY' }],
    ['a bad collapse_order_authority', { collapse_order_authority: ['china'] }],
  ])('answers 68300004 for %s', async (_, overrides) => {
    const h = await startSandbox();
    expectEnvelopeError(await list(h.base, { query_text: QUERY, ...overrides }), 68300004, 200);
  });

  it('answers on the /v2 path too', async () => {
    const h = await startSandbox();
    const res = await api(h.base, `${LIST}/v2`, {
      method: 'POST',
      ...keyAuth,
      json: {
        query_text: QUERY,
        limit: 2,
        collapse_type: 'DOCDB',
        collapse_order_authority: ['CN', 'US'],
        stemming: 1,
      },
    });
    expect(dataOf<ListData>(res).result_count).toBe(2);
  });
});

describe('the front door for searches', () => {
  it('wants credentials like every API call', async () => {
    const h = await startSandbox();
    expectEnvelopeError(await nested(h.base, twoLevel, {}), 67200008, 401);
    expectEnvelopeError(await list(h.base, { query_text: QUERY }, { bearer: 'sk-unknown' }), 67200008, 401);
    const grant = await fetch(`${h.base}/oauth/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    const { token } = (await grant.json()) as { token: string };
    dataOf(await nested(h.base, twoLevel, { bearer: token, apikey: CLIENT_ID }));
    expectEnvelopeError(await nested(h.base, twoLevel, { bearer: token, apikey: 'other' }), 67200009, 401);
  });

  it('shares the QPS budget with the other operations', async () => {
    const h = await startSandbox({ qps: 2 });
    dataOf(await nested(h.base, twoLevel));
    dataOf(await list(h.base, { query_text: QUERY }));
    expectEnvelopeError(await list(h.base, { query_text: QUERY }), 67200002, 200);
    expectEnvelopeError(await nested(h.base, twoLevel), 67200002, 200);
    h.clock.now += 1000;
    dataOf(await nested(h.base, twoLevel));
    expect(h.sandbox.stats.rejectedForRate).toBe(2);
  });

  it('plays scripted faults for the search operations', async () => {
    const h = await startSandbox();
    h.sandbox.faults.inject({ operation: 'search.nested', kind: '68300008', times: 1 });
    h.sandbox.faults.inject({ operation: 'search.query', kind: 'http503', times: 1 });
    const unavailable = await list(h.base, { query_text: QUERY });
    expect(unavailable.status).toBe(503);
    expect(unavailable.json).toBeUndefined();
    expectEnvelopeError(await nested(h.base, twoLevel), 68300008, 200);
    dataOf(await list(h.base, { query_text: QUERY }));
    dataOf(await nested(h.base, twoLevel));
    expect(
      (
        await fetch(`${h.base}/_faults`, {
          method: 'POST',
          body: JSON.stringify({ operation: 'search.nested', kind: '67200100' }),
        })
      ).status,
    ).toBe(200);
    expectEnvelopeError(await nested(h.base, twoLevel), 67200100, 200);
    dataOf(await nested(h.base, twoLevel));
  });

  it('counts the search operations in the stats', async () => {
    const h = await startSandbox();
    expect(h.sandbox.stats.calls['search.nested']).toBe(0);
    await nested(h.base, twoLevel);
    await nested(h.base, { query_text: '' });
    await list(h.base, { query_text: QUERY });
    const stats = (await (await fetch(`${h.base}/_stats`)).json()) as { calls: Record<string, number> };
    expect(stats.calls).toMatchObject({ 'search.nested': 2, 'search.query': 1, 'export.create': 0 });
    h.sandbox.stats.reset();
    expect(h.sandbox.stats.calls['search.query']).toBe(0);
  });
});
