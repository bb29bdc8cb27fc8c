/**
 * The vendor's own limits on PatSnap search requests (../README.md 1.3, 1.4 and the P075 doc page).
 * The sandbox answers 68300004 "Invalid parameter!" beyond them, and the gateway should refuse the
 * same inputs before calling, so both import these constants. This module has no imports on
 * purpose: the gateway can depend on it without pulling in the sandbox.
 *
 * Sources: [V] vendor page, [I] our inference where the vendor publishes nothing.
 */

/** [V] "The number of Facets at the same level shall not exceed 5". */
export const MAX_FACETS_PER_LEVEL = 5;
/** [V] "It supports up to two-dimensional analysis": top-level facets plus one level of children. */
export const MAX_FACET_DEPTH = 2;
/** [V] field-type `limit` for one-dimensional (top-level) analysis. */
export const MAX_FIELD_FACET_LIMIT_TOP = 500;
/** [V] field-type `limit` for two-dimensional analysis (a facet nested in a parent's buckets). */
export const MAX_FIELD_FACET_LIMIT_NESTED = 100;
/**
 * [I] Range facets have no published cap; we apply the field-facet caps to ceil((end-start)/gap),
 * which bounds a two-level response at 500 x 100 buckets as the vendor's field caps do.
 */
export const MAX_RANGE_BUCKETS_TOP = MAX_FIELD_FACET_LIMIT_TOP;
export const MAX_RANGE_BUCKETS_NESTED = MAX_FIELD_FACET_LIMIT_NESTED;
/** [V] field facet defaults: mincount 1, offset 0. [I] limit 10 (the vendor's example value). */
export const FIELD_FACET_DEFAULTS = { limit: 10, mincount: 1, offset: 0 } as const;
/** [V] range `gap` defaults to 1. */
export const RANGE_FACET_DEFAULT_GAP = 1;

export const FACET_TYPES = ['field', 'range', 'query', 'aggregate'] as const;
/** [V] "alias names cannot be name or count": they are the bucket keys children sit beside. */
export const RESERVED_FACET_TAGS = ['name', 'count'] as const;
/** [V] "aggregate does not support nesting": aggregates are allowed at the top level only. */
export const NESTABLE_FACET_TYPES = ['field', 'range', 'query'] as const;
/** [V] aggregate functions; [I] an expression is exactly `fn(FIELD)`. */
export const AGGREGATE_FUNCTIONS = ['avg', 'min', 'max', 'sum', 'unique'] as const;
/** [I] the suffix of the sibling key a field facet with `num_buckets: true` adds. */
export const NUM_BUCKETS_SUFFIX = '_num_buckets';

/**
 * [V] query_text length: 1,500 (spec, P001), 3,000 (current devportal, P001/P002) or 12,000 (spec,
 * P002). We take the current devportal's 3,000 for P075 and P002 alike.
 */
export const MAX_QUERY_TEXT_CHARS = 3000;
/** [V] P002 `limit <= 1000` and `limit + offset <= 20000`; [I] P075's document paging is the same. */
export const MAX_SEARCH_LIMIT = 1000;
export const MAX_SEARCH_LIMIT_PLUS_OFFSET = 20_000;
/** [I] P002 returns 10 rows when `limit` is absent. */
export const DEFAULT_SEARCH_LIMIT = 10;
/** [V] P002 sort fields (SCORE is also P075's example); [I] P075 accepts the same set. */
export const SEARCH_SORT_FIELDS = ['SCORE', 'PBDT_YEARMONTHDAY', 'APD_YEARMONTHDAY', 'ISD'] as const;
/** [V] P002 documents `desc`/`asc`, P075's example `DESC`: either case is accepted. */
export const SEARCH_SORT_ORDERS = ['ASC', 'DESC'] as const;

/** int32 request fields: JSON numbers outside it cannot be what the vendor's Java side parses. */
export const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;
