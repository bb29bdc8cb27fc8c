import { BadInputError } from '../../errors.js';

/**
 * P075 nested facet search input: the GraphQL shape (a one-of per facet, camelCase) and its checks
 * against the vendor's documented limits (README.md §1.3), producing the vendor's request body.
 * Every check runs before any vendor call and names the input path and the limit. Pure.
 */

export const AGGREGATE_FUNCTIONS = ['AVG', 'MIN', 'MAX', 'SUM', 'UNIQUE'] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

/** P002's documented sort fields; P075 documents `SCORE` only by example and shares the search engine. */
export const PATENT_SORT_FIELDS = ['SCORE', 'PBDT_YEARMONTHDAY', 'APD_YEARMONTHDAY', 'ISD'] as const;
export type PatentSortField = (typeof PATENT_SORT_FIELDS)[number];
export const SORT_ORDERS = ['ASC', 'DESC'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const PATENT_SEARCH_LIMITS = {
  /** The devportal's figure; the older spec allowed more, the live service is the stricter one. */
  queryTextMaxLength: 3000,
  facetsPerLevel: 5,
  levels: 2,
  fieldLimitTopLevel: 500,
  fieldLimitNested: 100,
  /**
   * Not documented: a bound so that one request cannot ask for an unbounded histogram, scaled like
   * the field-facet limits (the sandbox refuses more, as a vendor would).
   */
  rangeBucketsTopLevel: 500,
  rangeBucketsNested: 100,
  tagMaxLength: 64,
  queryFacetMaxLength: 3000,
  sortFields: PATENT_SORT_FIELDS.length,
  /** P002: limit <= 1000 and limit + offset <= 20000. */
  maxLimit: 1000,
  maxWindow: 20_000,
} as const;

const RESERVED_TAGS: ReadonlySet<string> = new Set(['name', 'count']);
const TAG = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FIELD_CODE = /^[A-Z][A-Z0-9_]*$/;

interface ChildFacets {
  facets?: FacetInput[] | null;
}
export interface FieldFacetInput extends ChildFacets {
  tag: string;
  field: string;
  limit?: number | null;
  mincount?: number | null;
  offset?: number | null;
  numBuckets?: boolean | null;
}
export interface RangeFacetInput extends ChildFacets {
  tag: string;
  field: string;
  start: number;
  end: number;
  gap?: number | null;
}
export interface QueryFacetInput extends ChildFacets {
  tag: string;
  query: string;
}
export interface AggregateFacetInput {
  tag: string;
  function: AggregateFunction;
  field: string;
}

/** Exactly one member is set (a GraphQL @oneOf input). */
export interface FacetInput {
  field?: FieldFacetInput | null;
  range?: RangeFacetInput | null;
  query?: QueryFacetInput | null;
  aggregate?: AggregateFacetInput | null;
}

export interface SortInput {
  field: PatentSortField;
  order: SortOrder;
}

export interface PatentSearchInput {
  queryText: string;
  facets?: FacetInput[] | null;
  limit?: number | null;
  offset?: number | null;
  sort?: SortInput[] | null;
  stemming?: boolean | null;
}

/** A validated facet, as the result parser needs it: its kind, tag and what it was asked for. */
export type FacetSpec =
  | { kind: 'field'; tag: string; field: string; facets: FacetSpec[] }
  | { kind: 'range'; tag: string; field: string; facets: FacetSpec[] }
  | { kind: 'query'; tag: string; query: string; facets: FacetSpec[] }
  | { kind: 'aggregate'; tag: string; expression: string };

export interface VendorFacet {
  type: 'field' | 'range' | 'query' | 'aggregate';
  tag: string;
  field?: string;
  limit?: number;
  mincount?: number;
  offset?: number;
  num_buckets?: boolean;
  start?: number;
  end?: number;
  gap?: number;
  query?: string;
  expr?: string;
  facet?: VendorFacet[];
}

export interface NestedSearchRequest {
  query_text: string;
  facet?: VendorFacet[];
  limit?: number;
  offset?: number;
  sort?: { field: string; order: string }[];
  stemming?: boolean;
}

export interface ValidatedPatentSearch {
  request: NestedSearchRequest;
  facets: FacetSpec[];
}

const L = PATENT_SEARCH_LIMITS;

function bad(path: string, message: string, limit: string | number | null = null): never {
  throw new BadInputError(path, message, limit);
}

function checkInt(path: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    bad(path, `${path} must be a whole number from ${min} to ${max}`, max);
  }
}

function checkFieldCode(path: string, field: string): void {
  if (!FIELD_CODE.test(field))
    bad(path, `${path} must be a PatSnap field code such as PATENT_TYPE or APD_YEAR`);
}

function validateFacetList(
  list: readonly FacetInput[],
  path: string,
  level: number,
): { vendor: VendorFacet[]; specs: FacetSpec[] } {
  if (list.length > L.facetsPerLevel) {
    bad(path, `At most ${L.facetsPerLevel} facets at one level (got ${list.length})`, L.facetsPerLevel);
  }
  const tags = new Set<string>();
  const vendor: VendorFacet[] = [];
  const specs: FacetSpec[] = [];
  list.forEach((facet, index) => {
    const one = validateFacet(facet, `${path}[${index}]`, level);
    if (tags.has(one.spec.tag)) {
      bad(`${one.path}.tag`, `Facet tag "${one.spec.tag}" is used twice at this level; tags must be unique`);
    }
    tags.add(one.spec.tag);
    vendor.push(one.vendor);
    specs.push(one.spec);
  });
  return { vendor, specs };
}

function validateTag(path: string, tag: string): void {
  if (RESERVED_TAGS.has(tag)) bad(path, `Facet tag must not be "name" or "count" (the vendor's bucket keys)`);
  if (!TAG.test(tag) || tag.length > L.tagMaxLength) {
    bad(
      path,
      `Facet tag must be 1 to ${L.tagMaxLength} letters, digits or underscores, not starting with a digit`,
      L.tagMaxLength,
    );
  }
  if (tag.endsWith('_num_buckets')) bad(path, 'Facet tag must not end with "_num_buckets" (a response key)');
}

function validateChildren(
  children: readonly FacetInput[] | null | undefined,
  path: string,
  level: number,
): { vendor?: VendorFacet[]; specs: FacetSpec[] } {
  if (!children || children.length === 0) return { specs: [] };
  if (level >= L.levels) {
    bad(path, `Facets nest at most ${L.levels} levels deep`, L.levels);
  }
  const result = validateFacetList(children, path, level + 1);
  return { vendor: result.vendor, specs: result.specs };
}

function validateFacet(
  facet: FacetInput,
  path: string,
  level: number,
): { vendor: VendorFacet; spec: FacetSpec; path: string } {
  const set = (['field', 'range', 'query', 'aggregate'] as const).filter((k) => facet[k] != null);
  if (set.length !== 1) bad(path, 'Each facet must set exactly one of field, range, query or aggregate');
  if (facet.field) {
    const f = facet.field;
    const p = `${path}.field`;
    validateTag(`${p}.tag`, f.tag);
    checkFieldCode(`${p}.field`, f.field);
    const maxLimit = level === 1 ? L.fieldLimitTopLevel : L.fieldLimitNested;
    if (f.limit != null) {
      if (!Number.isInteger(f.limit) || f.limit < 1 || f.limit > maxLimit) {
        bad(
          `${p}.limit`,
          `${p}.limit must be from 1 to ${maxLimit} ${level === 1 ? 'at the top level' : 'inside a parent facet'}`,
          maxLimit,
        );
      }
    }
    if (f.mincount != null) checkInt(`${p}.mincount`, f.mincount, 0, 2_147_483_647);
    if (f.offset != null) checkInt(`${p}.offset`, f.offset, 0, 2_147_483_647);
    const children = validateChildren(f.facets, `${p}.facets`, level);
    return {
      path: p,
      vendor: {
        type: 'field',
        tag: f.tag,
        field: f.field,
        ...(f.limit != null ? { limit: f.limit } : {}),
        ...(f.mincount != null ? { mincount: f.mincount } : {}),
        ...(f.offset != null ? { offset: f.offset } : {}),
        ...(f.numBuckets != null ? { num_buckets: f.numBuckets } : {}),
        ...(children.vendor ? { facet: children.vendor } : {}),
      },
      spec: { kind: 'field', tag: f.tag, field: f.field, facets: children.specs },
    };
  }
  if (facet.range) {
    const r = facet.range;
    const p = `${path}.range`;
    validateTag(`${p}.tag`, r.tag);
    checkFieldCode(`${p}.field`, r.field);
    checkInt(`${p}.start`, r.start, -2_147_483_648, 2_147_483_647);
    checkInt(`${p}.end`, r.end, -2_147_483_648, 2_147_483_647);
    if (r.start >= r.end) bad(`${p}.end`, `${p}.end must be greater than start (end is exclusive)`);
    const gap = r.gap ?? 1;
    if (!Number.isInteger(gap) || gap <= 0) bad(`${p}.gap`, `${p}.gap must be a whole number above 0`, 1);
    const buckets = Math.ceil((r.end - r.start) / gap);
    const maxBuckets = level === 1 ? L.rangeBucketsTopLevel : L.rangeBucketsNested;
    if (buckets > maxBuckets) {
      bad(
        `${p}.gap`,
        `The range gives ${buckets} buckets; at most ${maxBuckets} ${level === 1 ? 'at the top level' : 'inside a parent facet'}: widen gap or narrow start..end`,
        maxBuckets,
      );
    }
    const children = validateChildren(r.facets, `${p}.facets`, level);
    return {
      path: p,
      vendor: {
        type: 'range',
        tag: r.tag,
        field: r.field,
        start: r.start,
        end: r.end,
        gap,
        ...(children.vendor ? { facet: children.vendor } : {}),
      },
      spec: { kind: 'range', tag: r.tag, field: r.field, facets: children.specs },
    };
  }
  if (facet.query) {
    const q = facet.query;
    const p = `${path}.query`;
    validateTag(`${p}.tag`, q.tag);
    if (q.query.trim() === '' || q.query.length > L.queryFacetMaxLength) {
      bad(`${p}.query`, `${p}.query must be 1 to ${L.queryFacetMaxLength} characters`, L.queryFacetMaxLength);
    }
    const children = validateChildren(q.facets, `${p}.facets`, level);
    return {
      path: p,
      vendor: {
        type: 'query',
        tag: q.tag,
        query: q.query,
        ...(children.vendor ? { facet: children.vendor } : {}),
      },
      spec: { kind: 'query', tag: q.tag, query: q.query, facets: children.specs },
    };
  }
  const a = facet.aggregate as AggregateFacetInput;
  const p = `${path}.aggregate`;
  if (level > 1) bad(p, 'Aggregate facets cannot be nested inside another facet', 1);
  validateTag(`${p}.tag`, a.tag);
  if (!AGGREGATE_FUNCTIONS.includes(a.function)) {
    bad(`${p}.function`, `${p}.function must be one of ${AGGREGATE_FUNCTIONS.join(', ')}`);
  }
  checkFieldCode(`${p}.field`, a.field);
  const expression = `${a.function.toLowerCase()}(${a.field})`;
  return {
    path: p,
    vendor: { type: 'aggregate', tag: a.tag, expr: expression },
    spec: { kind: 'aggregate', tag: a.tag, expression },
  };
}

function validateSort(sort: readonly SortInput[]): { field: string; order: string }[] {
  if (sort.length > L.sortFields) bad('input.sort', `At most ${L.sortFields} sort keys`, L.sortFields);
  const seen = new Set<string>();
  return sort.map((s, i) => {
    const path = `input.sort[${i}]`;
    if (!PATENT_SORT_FIELDS.includes(s.field)) {
      bad(`${path}.field`, `sort field must be one of ${PATENT_SORT_FIELDS.join(', ')}`);
    }
    if (!SORT_ORDERS.includes(s.order)) bad(`${path}.order`, 'sort order must be ASC or DESC');
    if (seen.has(s.field)) bad(`${path}.field`, `sort field ${s.field} is given twice`);
    seen.add(s.field);
    return { field: s.field, order: s.order };
  });
}

/** Checks a page of the result list (P002 bounds); the paths name the caller's arguments. */
export function validatePage(paths: { limit: string; offset: string }, limit: number, offset: number): void {
  checkInt(paths.limit, limit, 1, L.maxLimit);
  checkInt(paths.offset, offset, 0, L.maxWindow - 1);
  if (limit + offset > L.maxWindow) {
    bad(paths.offset, `${paths.limit} + ${paths.offset} must not exceed ${L.maxWindow}`, L.maxWindow);
  }
}

export function validatePatentSearchInput(input: PatentSearchInput): ValidatedPatentSearch {
  const queryText = input.queryText;
  if (queryText.trim() === '' || queryText.length > L.queryTextMaxLength) {
    bad('input.queryText', `queryText must be 1 to ${L.queryTextMaxLength} characters`, L.queryTextMaxLength);
  }
  const request: NestedSearchRequest = { query_text: queryText };
  let facets: FacetSpec[] = [];
  if (input.facets && input.facets.length > 0) {
    const result = validateFacetList(input.facets, 'input.facets', 1);
    request.facet = result.vendor;
    facets = result.specs;
  }
  if (input.limit != null || input.offset != null) {
    validatePage({ limit: 'input.limit', offset: 'input.offset' }, input.limit ?? 10, input.offset ?? 0);
  }
  if (input.limit != null) request.limit = input.limit;
  if (input.offset != null) request.offset = input.offset;
  if (input.sort && input.sort.length > 0) request.sort = validateSort(input.sort);
  if (input.stemming != null) request.stemming = input.stemming;
  return { request, facets };
}
