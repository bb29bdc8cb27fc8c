import DataLoader from 'dataloader';
import type { GatewayBuilder } from '../../../graphql/builder.js';
import type { GraphQLContext } from '../../../graphql/context.js';
import { VENDOR_CALLS } from '../../../graphql/use-operation-limits.js';
import type { PatentListRequest, PatentSearch } from '../search.js';
import {
  AGGREGATE_FUNCTIONS,
  type FacetInput,
  PATENT_SORT_FIELDS,
  SORT_ORDERS,
  validatePage,
  validatePatentSearchInput,
} from '../search-input.js';
import type { FacetBucketResult, FacetResult, PatentListItem, PatentListPage } from '../search-results.js';

/** A search's answer, and what its `patents` page needs to ask P002. */
interface SearchResultShape {
  total: number;
  facets: FacetResult[];
  list: Omit<PatentListRequest, 'limit' | 'offset'>;
}

type Kind<K extends FacetResult['kind']> = Extract<FacetResult, { kind: K }>;

/**
 * `patentSearch` (P075 typed nested facets) and its `patents` page (P002, made only when selected), on
 * the credentials of the caller's tenant (`searchFor`).
 */
export function registerPatentSearch(
  builder: GatewayBuilder,
  searchFor: (tenant: string) => PatentSearch,
): void {
  // Identical patent pages asked for twice in one operation cost one vendor call: one loader per
  // request (its context), dropped with it.
  const loaders = new WeakMap<GraphQLContext, DataLoader<PatentListRequest, PatentListPage, string>>();
  const patentsLoader = (ctx: GraphQLContext) => {
    let loader = loaders.get(ctx);
    if (!loader) {
      loader = new DataLoader<PatentListRequest, PatentListPage, string>(
        // P002 takes one query per call: the loader's value is de-duplication, not batching.
        (requests) =>
          Promise.all(
            requests.map((req) =>
              searchFor(ctx.tenant)
                .listPatents(req)
                .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
            ),
          ),
        { cacheKeyFn: (req) => JSON.stringify(req) },
      );
      loaders.set(ctx, loader);
    }
    return loader;
  };

  // ---- input ----

  const AggregateFunctionEnum = builder.enumType('AggregateFunction', { values: AGGREGATE_FUNCTIONS });
  const PatentSortFieldEnum = builder.enumType('PatentSortField', { values: PATENT_SORT_FIELDS });
  const SortOrderEnum = builder.enumType('SortOrder', { values: SORT_ORDERS });

  const FacetInputRef = builder.inputRef<FacetInput>('FacetInput');

  const childFacets = {
    description: 'Child facets, counted inside each bucket (two levels at most; no aggregates)',
  };

  const FieldFacetInput = builder.inputType('FieldFacetInput', {
    description: 'Buckets of the values of one field (vendor type "field").',
    fields: (t) => ({
      tag: t.string({ required: true, description: 'Unique at its level; not "name" or "count"' }),
      field: t.string({ required: true, description: 'Field code, e.g. PATENT_TYPE, APD_YEAR, ANCS' }),
      limit: t.int({ description: 'Buckets to return: at most 500 at the top level, 100 inside a parent' }),
      mincount: t.int({ description: 'Smallest bucket count returned (vendor default 1)' }),
      offset: t.int({ description: 'Bucket offset, for paging through buckets' }),
      numBuckets: t.boolean({ description: 'Also count all buckets (FieldFacet.bucketCount)' }),
      facets: t.field({ type: [FacetInputRef], ...childFacets }),
    }),
  });

  const RangeFacetInput = builder.inputType('RangeFacetInput', {
    description: 'Buckets of [start, end) in steps of gap (vendor type "range").',
    fields: (t) => ({
      tag: t.string({ required: true }),
      field: t.string({ required: true, description: 'Numeric field code, e.g. APD_YEAR' }),
      start: t.int({ required: true }),
      end: t.int({ required: true, description: 'Exclusive; greater than start' }),
      gap: t.int({ description: 'Step, above 0 (default 1); at most 500 buckets (100 inside a parent)' }),
      facets: t.field({ type: [FacetInputRef], ...childFacets }),
    }),
  });

  const QueryFacetInput = builder.inputType('QueryFacetInput', {
    description: 'The count of hits that also match a query (vendor type "query").',
    fields: (t) => ({
      tag: t.string({ required: true }),
      query: t.string({ required: true, description: 'e.g. PV:[0 TO 100000]' }),
      facets: t.field({ type: [FacetInputRef], ...childFacets }),
    }),
  });

  const AggregateFacetInput = builder.inputType('AggregateFacetInput', {
    description: 'One statistic over a field (vendor type "aggregate"); top level only.',
    fields: (t) => ({
      tag: t.string({ required: true }),
      function: t.field({ type: AggregateFunctionEnum, required: true }),
      field: t.string({ required: true, description: 'Numeric field code, e.g. PV' }),
    }),
  });

  builder.inputType(FacetInputRef, {
    description: 'Exactly one kind of facet, each with its own options.',
    isOneOf: true,
    fields: (t) => ({
      field: t.field({ type: FieldFacetInput }),
      range: t.field({ type: RangeFacetInput }),
      query: t.field({ type: QueryFacetInput }),
      aggregate: t.field({ type: AggregateFacetInput }),
    }),
  });

  const SortInput = builder.inputType('SortInput', {
    fields: (t) => ({
      field: t.field({ type: PatentSortFieldEnum, required: true }),
      order: t.field({ type: SortOrderEnum, required: true }),
    }),
  });

  const PatentSearchInput = builder.inputType('PatentSearchInput', {
    description: 'PatSnap P075 nested facet search. Limits are checked before the vendor is called.',
    fields: (t) => ({
      queryText: t.string({ required: true, description: 'Search expression, at most 3,000 characters' }),
      facets: t.field({ type: [FacetInputRef], description: 'At most 5 at one level, two levels deep' }),
      limit: t.int({ description: '1..1,000; limit + offset <= 20,000' }),
      offset: t.int(),
      sort: t.field({ type: [SortInput] }),
      stemming: t.boolean({ description: 'Stemming on TTL, ABST, CLMS and DESC' }),
    }),
  });

  // ---- output ----

  const FacetRef = builder.interfaceRef<FacetResult>('Facet').implement({
    description: 'One facet of a search, in the order it was asked for.',
    resolveType: (facet) =>
      ({ field: 'FieldFacet', range: 'RangeFacet', query: 'QueryFacet', aggregate: 'AggregateFacet' })[
        facet.kind
      ],
    fields: (t) => ({ tag: t.exposeString('tag') }),
  });

  const FacetBucketRef = builder.objectRef<FacetBucketResult>('FacetBucket').implement({
    fields: (t) => ({
      value: t.exposeString('value', { description: 'The field value, or the range bucket start' }),
      count: t.exposeInt('count'),
      facets: t.expose('facets', { type: [FacetRef], description: 'Child facets inside this bucket' }),
    }),
  });

  builder.objectRef<Kind<'field'>>('FieldFacet').implement({
    interfaces: [FacetRef],
    isTypeOf: (facet) => (facet as FacetResult).kind === 'field',
    fields: (t) => ({
      field: t.exposeString('field'),
      buckets: t.expose('buckets', { type: [FacetBucketRef] }),
      bucketCount: t.exposeInt('bucketCount', {
        nullable: true,
        description: 'All buckets of the field (asked for with numBuckets)',
      }),
    }),
  });

  builder.objectRef<Kind<'range'>>('RangeFacet').implement({
    interfaces: [FacetRef],
    isTypeOf: (facet) => (facet as FacetResult).kind === 'range',
    fields: (t) => ({
      field: t.exposeString('field'),
      buckets: t.expose('buckets', { type: [FacetBucketRef] }),
    }),
  });

  builder.objectRef<Kind<'query'>>('QueryFacet').implement({
    interfaces: [FacetRef],
    isTypeOf: (facet) => (facet as FacetResult).kind === 'query',
    fields: (t) => ({
      query: t.exposeString('query'),
      count: t.exposeInt('count'),
      facets: t.expose('facets', { type: [FacetRef] }),
    }),
  });

  builder.objectRef<Kind<'aggregate'>>('AggregateFacet').implement({
    interfaces: [FacetRef],
    isTypeOf: (facet) => (facet as FacetResult).kind === 'aggregate',
    fields: (t) => ({
      expression: t.exposeString('expression', { description: 'e.g. avg(PV)' }),
      value: t.exposeFloat('value', { nullable: true }),
    }),
  });

  const PatentRef = builder.objectRef<PatentListItem>('Patent').implement({
    description: 'A patent of a search result list (PatSnap P002).',
    fields: (t) => ({
      patentId: t.exposeID('patentId'),
      pn: t.exposeString('pn', { description: 'Publication number, e.g. US11205304B2' }),
      apno: t.exposeString('apno', { nullable: true, description: 'Application number' }),
      title: t.exposeString('title', { nullable: true }),
      originalAssignee: t.exposeString('originalAssignee', { nullable: true }),
      currentAssignee: t.exposeString('currentAssignee', { nullable: true }),
      inventors: t.exposeStringList('inventors'),
      apdt: t.exposeInt('apdt', { nullable: true, description: 'Application date, yyyyMMdd' }),
      pbdt: t.exposeInt('pbdt', { nullable: true, description: 'Publication date, yyyyMMdd' }),
      authority: t.exposeString('authority', { nullable: true }),
    }),
  });

  const PatentSearchResultRef = builder.objectRef<SearchResultShape>('PatentSearchResult').implement({
    fields: (t) => ({
      total: t.exposeInt('total', { description: 'Hits of the query (num_found)' }),
      facets: t.expose('facets', { type: [FacetRef] }),
      patents: t.field({
        extensions: { [VENDOR_CALLS]: 1 },
        type: [PatentRef],
        description: 'A page of the hits; costs one more vendor call (P002), made only when selected.',
        args: {
          first: t.arg.int({ defaultValue: 10, description: '1..1,000' }),
          offset: t.arg.int({ defaultValue: 0, description: 'first + offset <= 20,000' }),
        },
        resolve: async (result, args, ctx) => {
          const limit = args.first ?? 10;
          const offset = args.offset ?? 0;
          validatePage({ limit: 'patents.first', offset: 'patents.offset' }, limit, offset);
          const page = await patentsLoader(ctx).load({ ...result.list, limit, offset });
          return page.items;
        },
      }),
    }),
  });

  builder.queryField('patentSearch', (t) =>
    t.field({
      type: PatentSearchResultRef,
      description: 'PatSnap nested facet search (P075): hit count and typed facets.',
      authScopes: { scope: 'search' },
      extensions: { [VENDOR_CALLS]: 1 },
      args: { input: t.arg({ type: PatentSearchInput, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        const validated = validatePatentSearchInput(input);
        const result = await searchFor(ctx.tenant).nestedSearch(validated);
        return {
          ...result,
          list: { queryText: input.queryText, sort: input.sort ?? null, stemming: input.stemming ?? null },
        };
      },
    }),
  );
}
