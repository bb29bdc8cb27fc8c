/**
 * P075 facet results in the vendor's dynamic shape (../README.md 1.3), counted over the query's
 * documents. The nested shape is undocumented; we follow the research's best reading:
 *
 *   field:     facets[tag] = [{name, count, <childTag>: ..., <childTag>_num_buckets?}], and
 *              facets[`${tag}_num_buckets`] = n right after it when num_buckets is true
 *   range:     facets[tag] = [{name: String(bucket start), count, <childTag>: ...}], every bucket of
 *              [start, end) by gap, zero counts included, the last one cut at `end`
 *   query:     facets[tag] = {count, <childTag>: ...}
 *   aggregate: facets[tag] = number
 *
 * Keys follow the request's facet order. Results are built with Object.fromEntries so that a tag
 * such as `__proto__` becomes a plain key instead of touching the prototype.
 */
import { numericValue, type SearchDoc, textValue } from './documents.js';
import { matchesQuery } from './facet-query.js';
import { NUM_BUCKETS_SUFFIX } from './search-limits.js';
import type { AggregateFunction, FacetSpec } from './search-request.js';

export type FacetResults = Record<string, unknown>;

export function computeFacets(specs: readonly FacetSpec[], docs: readonly SearchDoc[]): FacetResults {
  return Object.fromEntries(specs.flatMap((spec) => facetEntries(spec, docs)));
}

function facetEntries(spec: FacetSpec, docs: readonly SearchDoc[]): [string, unknown][] {
  switch (spec.type) {
    case 'field':
      return fieldFacet(spec, docs);
    case 'range':
      return [[spec.tag, rangeBuckets(spec, docs)]];
    case 'query': {
      const hits = docs.filter((doc) => matchesQuery(doc, spec.query));
      return [[spec.tag, bucket([['count', hits.length]], spec.children, hits)]];
    }
    case 'aggregate':
      return [[spec.tag, aggregate(spec.fn, spec.field, docs)]];
  }
}

function bucket(head: [string, unknown][], children: readonly FacetSpec[], docs: readonly SearchDoc[]) {
  return Object.fromEntries([...head, ...children.flatMap((child) => facetEntries(child, docs))]);
}

type FieldSpec = Extract<FacetSpec, { type: 'field' }>;

/** Buckets by count, most first, ties by name, as Solr's default `count desc` sort does. */
function fieldFacet(spec: FieldSpec, docs: readonly SearchDoc[]): [string, unknown][] {
  const groups = new Map<string, SearchDoc[]>();
  for (const doc of docs) {
    const value = textValue(doc, spec.field);
    if (value === undefined) continue;
    const group = groups.get(value);
    if (group === undefined) groups.set(value, [doc]);
    else group.push(doc);
  }
  // Only values present among the documents are known, so mincount 0 cannot add empty buckets.
  const ranked = [...groups]
    .filter(([, group]) => group.length >= spec.mincount)
    .sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : a > b ? 1 : 0));
  const shown = ranked.slice(spec.offset, spec.offset + spec.limit).map(([name, group]) =>
    bucket(
      [
        ['name', name],
        ['count', group.length],
      ],
      spec.children,
      group,
    ),
  );
  const entries: [string, unknown][] = [[spec.tag, shown]];
  if (spec.numBuckets) entries.push([`${spec.tag}${NUM_BUCKETS_SUFFIX}`, ranked.length]);
  return entries;
}

type RangeSpec = Extract<FacetSpec, { type: 'range' }>;

function rangeBuckets(spec: RangeSpec, docs: readonly SearchDoc[]) {
  const groups: SearchDoc[][] = Array.from(
    { length: Math.ceil((spec.end - spec.start) / spec.gap) },
    () => [],
  );
  for (const doc of docs) {
    const value = numericValue(doc, spec.field);
    if (value === undefined || value < spec.start || value >= spec.end) continue;
    groups[Math.floor((value - spec.start) / spec.gap)]?.push(doc);
  }
  return groups.map((group, i) => {
    const head: [string, unknown][] = [
      ['name', String(spec.start + i * spec.gap)],
      ['count', group.length],
    ];
    return bucket(head, spec.children, group);
  });
}

/**
 * Aggregates only appear at the top level, over the whole hit set (24 documents at least), so an
 * empty domain only happens for a field no document has; then the value is 0.
 */
function aggregate(fn: AggregateFunction, field: string, docs: readonly SearchDoc[]): number {
  if (fn === 'unique') {
    return new Set(docs.map((doc) => textValue(doc, field)).filter((v) => v !== undefined)).size;
  }
  const values = docs.map((doc) => numericValue(doc, field)).filter((v): v is number => v !== undefined);
  if (values.length === 0) return 0;
  const sum = values.reduce((total, v) => total + v, 0);
  switch (fn) {
    case 'sum':
      return sum;
    case 'avg':
      return sum / values.length;
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
  }
}
