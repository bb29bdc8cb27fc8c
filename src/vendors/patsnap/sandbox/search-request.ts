/**
 * Validating P075 nested search and P002 list search bodies (../README.md 1.3, 1.4). Anything the
 * vendor documents as out of bounds parses to undefined, which the caller answers with 68300004
 * "Invalid parameter!"; the vendor gives no detail, so neither do we. Unknown keys are ignored, as
 * the export does, because the live /v2 endpoints add fields the spec lacks.
 */
import { z } from 'zod';
import { isNumericField } from './documents.js';
import {
  AGGREGATE_FUNCTIONS,
  DEFAULT_SEARCH_LIMIT,
  FIELD_FACET_DEFAULTS,
  INT32_MAX,
  INT32_MIN,
  MAX_FACET_DEPTH,
  MAX_FACETS_PER_LEVEL,
  MAX_FIELD_FACET_LIMIT_NESTED,
  MAX_FIELD_FACET_LIMIT_TOP,
  MAX_QUERY_TEXT_CHARS,
  MAX_RANGE_BUCKETS_NESTED,
  MAX_RANGE_BUCKETS_TOP,
  MAX_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT_PLUS_OFFSET,
  NUM_BUCKETS_SUFFIX,
  RANGE_FACET_DEFAULT_GAP,
  RESERVED_FACET_TAGS,
  SEARCH_SORT_FIELDS,
  SEARCH_SORT_ORDERS,
} from './search-limits.js';

export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

export type FacetSpec =
  | {
      type: 'field';
      tag: string;
      field: string;
      limit: number;
      mincount: number;
      offset: number;
      numBuckets: boolean;
      children: FacetSpec[];
    }
  | {
      type: 'range';
      tag: string;
      field: string;
      start: number;
      end: number;
      gap: number;
      children: FacetSpec[];
    }
  | { type: 'query'; tag: string; query: string; children: FacetSpec[] }
  | { type: 'aggregate'; tag: string; fn: AggregateFunction; field: string };

export interface SortSpec {
  field: (typeof SEARCH_SORT_FIELDS)[number];
  order: (typeof SEARCH_SORT_ORDERS)[number];
}

export interface NestedSearchRequest {
  queryText: string;
  facets: FacetSpec[];
}

export interface QuerySearchRequest {
  queryText: string;
  limit: number;
  offset: number;
  sort: SortSpec[];
}

const int32 = z.number().int().min(INT32_MIN).max(INT32_MAX);
const count = int32.min(0);
const queryText = z.string().refine((s) => s.trim() !== '' && s.length <= MAX_QUERY_TEXT_CHARS);
/** Field codes are upper case in every vendor example; lower case is not something to guess about. */
const fieldCode = z.string().regex(/^[A-Z][A-Z0-9_]*$/);
const tag = z
  .string()
  .min(1)
  .refine((t) => !(RESERVED_FACET_TAGS as readonly string[]).includes(t));
const children = z.array(z.unknown()).nullish();

const sortSchema = z
  .array(
    z.object({
      field: z.enum(SEARCH_SORT_FIELDS),
      order: z
        .string()
        .transform((o) => o.toUpperCase())
        .pipe(z.enum(SEARCH_SORT_ORDERS)),
    }),
  )
  // Sorting twice on one field is meaningless; [I] the vendor's Solr refuses it.
  .refine((sorts) => new Set(sorts.map((s) => s.field)).size === sorts.length)
  .nullish();

const fieldFacet = z.object({
  type: z.literal('field'),
  tag,
  field: fieldCode,
  limit: count.nullish(),
  mincount: count.nullish(),
  offset: count.nullish(),
  num_buckets: z.boolean().nullish(),
  facet: children,
});
const rangeFacet = z.object({
  type: z.literal('range'),
  tag,
  field: fieldCode.refine(isNumericField),
  start: int32,
  end: int32,
  gap: int32.min(1).nullish(),
  facet: children,
});
const queryFacet = z.object({ type: z.literal('query'), tag, query: queryText, facet: children });
const aggregateFacet = z.object({ type: z.literal('aggregate'), tag, expr: z.string(), facet: children });
const facetSchema = z.discriminatedUnion('type', [fieldFacet, rangeFacet, queryFacet, aggregateFacet]);

const nestedSearchSchema = z.object({
  query_text: queryText,
  facet: z.array(z.unknown()).nullish(),
  // P075 returns no documents, so [I] limit 0 is fine there.
  limit: count.max(MAX_SEARCH_LIMIT).nullish(),
  offset: count.nullish(),
  sort: sortSchema,
  stemming: z.boolean().nullish(),
});

const querySearchSchema = z.object({
  query_text: queryText,
  limit: int32.min(1).max(MAX_SEARCH_LIMIT).nullish(),
  offset: count.nullish(),
  sort: sortSchema,
  stemming: z.union([z.literal(0), z.literal(1)]).nullish(),
  collapse_type: z.enum(['ALL', 'APNO', 'DOCDB', 'INPADOC', 'EXTEND']).nullish(),
  collapse_by: z.enum(['APD', 'PBD', 'AUTHORITY', 'SCORE']).nullish(),
  collapse_order: z.enum(['OLDEST', 'LATEST']).nullish(),
  collapse_order_authority: z.array(z.string().regex(/^[A-Z]{2}$/)).nullish(),
});

export function parseNestedSearchRequest(body: unknown): NestedSearchRequest | undefined {
  const parsed = nestedSearchSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { query_text, limit, offset } = parsed.data;
  if ((limit ?? 0) + (offset ?? 0) > MAX_SEARCH_LIMIT_PLUS_OFFSET) return undefined;
  const facets = parseFacetLevel(parsed.data.facet ?? [], 1);
  return facets === undefined ? undefined : { queryText: query_text, facets };
}

export function parseQuerySearchRequest(body: unknown): QuerySearchRequest | undefined {
  const parsed = querySearchSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const limit = parsed.data.limit ?? DEFAULT_SEARCH_LIMIT;
  const offset = parsed.data.offset ?? 0;
  if (limit + offset > MAX_SEARCH_LIMIT_PLUS_OFFSET) return undefined;
  return { queryText: parsed.data.query_text, limit, offset, sort: parsed.data.sort ?? [] };
}

/** One level of facets (1 = top level); undefined when any rule of the level or below is broken. */
function parseFacetLevel(items: readonly unknown[], level: number): FacetSpec[] | undefined {
  if (items.length > MAX_FACETS_PER_LEVEL) return undefined;
  const facets: FacetSpec[] = [];
  for (const item of items) {
    const facet = parseFacet(item, level);
    if (facet === undefined) return undefined;
    facets.push(facet);
  }
  return responseKeysUnique(facets) ? facets : undefined;
}

function parseFacet(item: unknown, level: number): FacetSpec | undefined {
  const parsed = facetSchema.safeParse(item);
  if (!parsed.success) return undefined;
  const f = parsed.data;
  const nested = level > 1;
  const childItems = f.facet ?? [];
  if (childItems.length > 0 && level >= MAX_FACET_DEPTH) return undefined;
  if (f.type === 'aggregate') {
    if (nested || childItems.length > 0) return undefined;
    return parseAggregate(f.tag, f.expr);
  }
  const kids = parseFacetLevel(childItems, level + 1);
  if (kids === undefined) return undefined;
  switch (f.type) {
    case 'field': {
      const limit = f.limit ?? FIELD_FACET_DEFAULTS.limit;
      if (limit > (nested ? MAX_FIELD_FACET_LIMIT_NESTED : MAX_FIELD_FACET_LIMIT_TOP)) return undefined;
      return {
        type: 'field',
        tag: f.tag,
        field: f.field,
        limit,
        mincount: f.mincount ?? FIELD_FACET_DEFAULTS.mincount,
        offset: f.offset ?? FIELD_FACET_DEFAULTS.offset,
        numBuckets: f.num_buckets ?? false,
        children: kids,
      };
    }
    case 'range': {
      const gap = f.gap ?? RANGE_FACET_DEFAULT_GAP;
      if (f.start >= f.end) return undefined;
      const buckets = Math.ceil((f.end - f.start) / gap);
      if (buckets > (nested ? MAX_RANGE_BUCKETS_NESTED : MAX_RANGE_BUCKETS_TOP)) return undefined;
      return { type: 'range', tag: f.tag, field: f.field, start: f.start, end: f.end, gap, children: kids };
    }
    case 'query':
      return { type: 'query', tag: f.tag, query: f.query, children: kids };
  }
}

const AGGREGATE_EXPR = new RegExp(`^(${AGGREGATE_FUNCTIONS.join('|')})\\(\\s*([A-Z][A-Z0-9_]*)\\s*\\)$`);

/** `avg(PV)`; unique() counts values of any field, the others need a numeric one. */
function parseAggregate(tag: string, expr: string): FacetSpec | undefined {
  const match = AGGREGATE_EXPR.exec(expr.trim());
  const fn = match?.[1] as AggregateFunction | undefined;
  const field = match?.[2];
  if (fn === undefined || field === undefined) return undefined;
  if (fn !== 'unique' && !isNumericField(field)) return undefined;
  return { type: 'aggregate', tag, fn, field };
}

/**
 * Sibling facets share one response object, so their tags, and the `<tag>_num_buckets` keys field
 * facets add, must not collide ([I] the vendor would silently overwrite one; we refuse instead).
 */
function responseKeysUnique(facets: readonly FacetSpec[]): boolean {
  const keys = facets.flatMap((f) =>
    f.type === 'field' && f.numBuckets ? [f.tag, `${f.tag}${NUM_BUCKETS_SUFFIX}`] : [f.tag],
  );
  return new Set(keys).size === keys.length;
}
