import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import {
  type FacetInput,
  type PatentSearchInput,
  validatePage,
  validatePatentSearchInput,
} from '../../src/vendors/patsnap/search-input.js';
import { parseNestedSearch, parsePatentList } from '../../src/vendors/patsnap/search-results.js';

const field = (tag: string, extra: Partial<NonNullable<FacetInput['field']>> = {}): FacetInput => ({
  field: { tag, field: 'PATENT_TYPE', ...extra },
});
const range = (tag: string, extra: Partial<NonNullable<FacetInput['range']>> = {}): FacetInput => ({
  range: { tag, field: 'APD_YEAR', start: 2000, end: 2018, gap: 1, ...extra },
});
const aggregate = (tag: string): FacetInput => ({ aggregate: { tag, function: 'AVG', field: 'PV' } });

function rejection(input: Partial<PatentSearchInput>): { field: string; limit: unknown; message: string } {
  try {
    validatePatentSearchInput({ queryText: 'TTL:car', ...input });
  } catch (error) {
    if (error instanceof BadInputError)
      return { field: error.field, limit: error.limit, message: error.message };
    throw error;
  }
  throw new Error('accepted');
}

describe('P075 input validation', () => {
  it('builds the vendor body for a two-level request, in the vendor names', () => {
    const { request, facets } = validatePatentSearchInput({
      queryText: 'TTL:car',
      facets: [
        field('type', { limit: 10, numBuckets: true, facets: [range('years')] }),
        { query: { tag: 'cheap', query: 'PV:[0 TO 100000]' } },
        aggregate('avg_pv'),
      ],
      sort: [{ field: 'SCORE', order: 'DESC' }],
      limit: 20,
      stemming: true,
    });
    expect(request).toEqual({
      query_text: 'TTL:car',
      facet: [
        {
          type: 'field',
          tag: 'type',
          field: 'PATENT_TYPE',
          limit: 10,
          num_buckets: true,
          facet: [{ type: 'range', tag: 'years', field: 'APD_YEAR', start: 2000, end: 2018, gap: 1 }],
        },
        { type: 'query', tag: 'cheap', query: 'PV:[0 TO 100000]' },
        { type: 'aggregate', tag: 'avg_pv', expr: 'avg(PV)' },
      ],
      limit: 20,
      sort: [{ field: 'SCORE', order: 'DESC' }],
      stemming: true,
    });
    expect(facets.map((f) => f.kind)).toEqual(['field', 'query', 'aggregate']);
  });

  it.each([
    [
      'six facets at one level',
      { facets: ['a', 'b', 'c', 'd', 'e', 'f'].map((t) => field(t)) },
      'input.facets',
      5,
    ],
    [
      'three levels',
      { facets: [field('a', { facets: [field('b', { facets: [field('c')] })] })] },
      'input.facets[0].field.facets[0].field.facets',
      2,
    ],
    [
      'a nested aggregate',
      { facets: [field('a', { facets: [aggregate('x')] })] },
      'input.facets[0].field.facets[0].aggregate',
      1,
    ],
    ['a duplicate tag', { facets: [field('a'), range('a')] }, 'input.facets[1].range.tag', null],
    ['the tag "name"', { facets: [field('name')] }, 'input.facets[0].field.tag', null],
    [
      'the tag "count"',
      { facets: [range('x', { facets: [field('count')] })] },
      'input.facets[0].range.facets[0].field.tag',
      null,
    ],
    ['limit 501 at the top', { facets: [field('a', { limit: 501 })] }, 'input.facets[0].field.limit', 500],
    [
      'limit 101 inside a parent',
      { facets: [range('r', { facets: [field('a', { limit: 101 })] })] },
      'input.facets[0].range.facets[0].field.limit',
      100,
    ],
    [
      'range start >= end',
      { facets: [range('r', { start: 2018, end: 2018 })] },
      'input.facets[0].range.end',
      null,
    ],
    ['range gap 0', { facets: [range('r', { gap: 0 })] }, 'input.facets[0].range.gap', 1],
    [
      'too many range buckets',
      { facets: [range('r', { start: 0, end: 100_000, gap: 1 })] },
      'input.facets[0].range.gap',
      500,
    ],
    [
      'too many range buckets inside a parent',
      { facets: [field('f', { facets: [range('r', { start: 0, end: 101 })] })] },
      'input.facets[0].field.facets[0].range.gap',
      100,
    ],
    ['two kinds in one facet', { facets: [{ ...field('a'), ...range('b') }] }, 'input.facets[0]', null],
    ['limit above 1000', { limit: 1001 }, 'input.limit', 1000],
    ['limit + offset above 20000', { limit: 1000, offset: 19_500 }, 'input.offset', 20_000],
    [
      'a duplicate sort field',
      {
        sort: [
          { field: 'SCORE', order: 'DESC' },
          { field: 'SCORE', order: 'ASC' },
        ],
      },
      'input.sort[1].field',
      null,
    ],
    ['an unknown sort field', { sort: [{ field: 'TITLE', order: 'DESC' }] }, 'input.sort[0].field', null],
    ['an empty query', { queryText: ' ' }, 'input.queryText', 3000],
  ] as [string, Partial<PatentSearchInput>, string, unknown][])('rejects %s', (_name, input, path, limit) => {
    const error = rejection(input);
    expect(error.field).toBe(path);
    expect(error.limit).toBe(limit);
  });

  it('checks a patents page against P002 bounds with the argument names', () => {
    expect(() => validatePage({ limit: 'patents.first', offset: 'patents.offset' }, 0, 0)).toThrow(
      /patents.first/,
    );
    expect(() => validatePage({ limit: 'patents.first', offset: 'patents.offset' }, 10, 19_995)).toThrow(
      /20000/,
    );
    expect(() =>
      validatePage({ limit: 'patents.first', offset: 'patents.offset' }, 1000, 19_000),
    ).not.toThrow();
  });
});

describe('P075 facets parser', () => {
  const { facets: specs } = validatePatentSearchInput({
    queryText: 'q',
    facets: [
      field('type', { numBuckets: true, facets: [range('years')] }),
      { query: { tag: 'cheap', query: 'PV:[0 TO 1]', facets: [field('auth')] } },
      aggregate('avg_pv'),
    ],
  });

  it('reads buckets, nested children, _num_buckets, query counts and aggregates, in request order', () => {
    const parsed = parseNestedSearch(
      {
        num_found: 1000,
        facets: {
          avg_pv: 12.5,
          cheap: { count: 40, auth: [{ name: 'CN', count: 30 }] },
          type: [
            { name: 'A', count: 700, years: [{ name: '2000', count: 7 }], unknown: 'ignored' },
            { name: 'B', count: 300 },
          ],
          type_num_buckets: 4,
        },
        id_mapping: {},
      },
      specs,
    );
    expect(parsed.total).toBe(1000);
    expect(parsed.facets).toEqual([
      {
        kind: 'field',
        tag: 'type',
        field: 'PATENT_TYPE',
        bucketCount: 4,
        buckets: [
          {
            value: 'A',
            count: 700,
            facets: [
              {
                kind: 'range',
                tag: 'years',
                field: 'APD_YEAR',
                buckets: [{ value: '2000', count: 7, facets: [] }],
              },
            ],
          },
          {
            value: 'B',
            count: 300,
            facets: [{ kind: 'range', tag: 'years', field: 'APD_YEAR', buckets: [] }],
          },
        ],
      },
      {
        kind: 'query',
        tag: 'cheap',
        query: 'PV:[0 TO 1]',
        count: 40,
        facets: [
          {
            kind: 'field',
            tag: 'auth',
            field: 'PATENT_TYPE',
            bucketCount: null,
            buckets: [{ value: 'CN', count: 30, facets: [] }],
          },
        ],
      },
      { kind: 'aggregate', tag: 'avg_pv', expression: 'avg(PV)', value: 12.5 },
    ]);
  });

  it.each([
    ['no facets at all', { num_found: 3 }],
    [
      'facets of the wrong types',
      { num_found: '3', facets: { type: 'x', cheap: [], avg_pv: { nested: true } } },
    ],
    ['not an object', 'garbage'],
    ['null', null],
  ])('never throws on %s, and fills the asked-for facets with empty values', (_name, data) => {
    const parsed = parseNestedSearch(data, specs);
    expect(parsed.facets.map((f) => f.tag)).toEqual(['type', 'cheap', 'avg_pv']);
    expect(parsed.facets[0]).toMatchObject({ buckets: [], bucketCount: null });
  });

  it('accepts a query facet given as a bare count and an int64 total as a string', () => {
    const parsed = parseNestedSearch({ num_found: '9007199254740993', facets: { cheap: 5 } }, specs);
    expect(parsed.total).toBe(Number.MAX_SAFE_INTEGER);
    expect(parsed.facets[1]).toMatchObject({ count: 5, facets: [{ tag: 'auth', buckets: [] }] });
  });
});

describe('P002 list parser', () => {
  it('maps list items, splits inventors and drops items without ids', () => {
    const page = parsePatentList({
      results: [
        {
          patent_id: '1a47a70d',
          pn: 'JP1999068462A',
          apdt: 20211108,
          pbdt: 20230815,
          apno: 'US17/521392',
          title: 'T',
          inventor: 'ELSHAFIE, AHMED | YANG, WEI|HOSSEINI',
          current_assignee: 'QUALCOMM INCORPORATED',
          original_assignee: 'QUALCOMM INCORPORATED',
        },
        { pn: 'no id' },
      ],
      result_count: 2,
      total_search_result_count: 1234,
    });
    expect(page.total).toBe(1234);
    expect(page.items).toEqual([
      {
        patentId: '1a47a70d',
        pn: 'JP1999068462A',
        apno: 'US17/521392',
        title: 'T',
        originalAssignee: 'QUALCOMM INCORPORATED',
        currentAssignee: 'QUALCOMM INCORPORATED',
        inventors: ['ELSHAFIE, AHMED', 'YANG, WEI', 'HOSSEINI'],
        apdt: 20211108,
        pbdt: 20230815,
        authority: null,
      },
    ]);
  });
});
