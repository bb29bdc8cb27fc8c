import type { FacetSpec } from './search-input.js';

/**
 * P075's `facets` object is keyed by the caller's tags and its nested shape is undocumented
 * (README.md §1.3 gives our best reading): buckets `{name, count, <childTag>: …}`, a sibling
 * `<tag>_num_buckets`, query facets as a count (or `{count, <childTag>: …}`), aggregates as a scalar.
 * This parser walks the facets the caller asked for, in their order, takes what it recognises and
 * ignores the rest; a valid envelope never makes it throw. Pure.
 */

export interface FacetBucketResult {
  value: string;
  count: number;
  facets: FacetResult[];
}

export type FacetResult =
  | { kind: 'field'; tag: string; field: string; buckets: FacetBucketResult[]; bucketCount: number | null }
  | { kind: 'range'; tag: string; field: string; buckets: FacetBucketResult[] }
  | { kind: 'query'; tag: string; query: string; count: number; facets: FacetResult[] }
  | { kind: 'aggregate'; tag: string; expression: string; value: number | null };

export interface NestedSearchResult {
  total: number;
  facets: FacetResult[];
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Numbers may arrive as numbers or numeric strings (int64 beyond 2^53 as strings). */
function toNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

function toCount(value: unknown): number {
  const n = toNumber(value);
  return n === null || n < 0 ? 0 : Math.min(Math.trunc(n), Number.MAX_SAFE_INTEGER);
}

function bucketValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** A bucket list may also come as an object `{ value: count }`; both are accepted. */
function parseBuckets(raw: unknown, children: readonly FacetSpec[]): FacetBucketResult[] {
  if (Array.isArray(raw)) {
    return raw.filter(isRecord).map((bucket) => ({
      value: bucketValue(bucket.name ?? bucket.value ?? bucket.val),
      count: toCount(bucket.count),
      facets: parseFacets(children, bucket),
    }));
  }
  if (isRecord(raw) && Array.isArray(raw.buckets)) return parseBuckets(raw.buckets, children);
  if (isRecord(raw)) {
    return Object.entries(raw)
      .filter(([, count]) => toNumber(count) !== null)
      .map(([value, count]) => ({ value, count: toCount(count), facets: parseFacets(children, {}) }));
  }
  return [];
}

function parseFacet(spec: FacetSpec, container: Json): FacetResult {
  const raw = container[spec.tag];
  switch (spec.kind) {
    case 'field':
      return {
        kind: 'field',
        tag: spec.tag,
        field: spec.field,
        buckets: parseBuckets(raw, spec.facets),
        bucketCount: toNumber(
          container[`${spec.tag}_num_buckets`] ?? (isRecord(raw) ? raw.numBuckets : null),
        ),
      };
    case 'range':
      return { kind: 'range', tag: spec.tag, field: spec.field, buckets: parseBuckets(raw, spec.facets) };
    case 'query':
      return {
        kind: 'query',
        tag: spec.tag,
        query: spec.query,
        count: toCount(isRecord(raw) ? raw.count : raw),
        facets: parseFacets(spec.facets, isRecord(raw) ? raw : {}),
      };
    case 'aggregate':
      return {
        kind: 'aggregate',
        tag: spec.tag,
        expression: spec.expression,
        value: toNumber(isRecord(raw) ? (raw.value ?? raw.val) : raw),
      };
  }
}

export function parseFacets(specs: readonly FacetSpec[], container: unknown): FacetResult[] {
  const object = isRecord(container) ? container : {};
  return specs.map((spec) => parseFacet(spec, object));
}

/** P075 `data` -> total and facets in the order asked for. */
export function parseNestedSearch(data: unknown, specs: readonly FacetSpec[]): NestedSearchResult {
  const d = isRecord(data) ? data : {};
  return { total: toCount(d.num_found), facets: parseFacets(specs, d.facets) };
}

export interface PatentListItem {
  patentId: string;
  pn: string;
  apno: string | null;
  title: string | null;
  originalAssignee: string | null;
  currentAssignee: string | null;
  inventors: string[];
  apdt: number | null;
  pbdt: number | null;
  authority: string | null;
}

export interface PatentListPage {
  total: number;
  items: PatentListItem[];
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return null;
}

function yyyymmdd(value: unknown): number | null {
  const n = toNumber(value);
  return n !== null && Number.isInteger(n) && n >= 10_000_101 && n <= 99_991_231 ? n : null;
}

/** P002 `data.results[]`; items without a patent id or number are dropped (nothing to show). */
export function parsePatentList(data: unknown): PatentListPage {
  const d = isRecord(data) ? data : {};
  const results = Array.isArray(d.results) ? d.results.filter(isRecord) : [];
  const items: PatentListItem[] = [];
  for (const r of results) {
    const patentId = text(r.patent_id);
    const pn = text(r.pn);
    if (!patentId || !pn) continue;
    const inventor = text(r.inventor);
    items.push({
      patentId,
      pn,
      apno: text(r.apno),
      title: text(r.title),
      originalAssignee: text(r.original_assignee),
      currentAssignee: text(r.current_assignee),
      inventors: inventor
        ? inventor
            .split('|')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
      apdt: yyyymmdd(r.apdt),
      pbdt: yyyymmdd(r.pbdt),
      authority: text(r.authority),
    });
  }
  return { total: toCount(d.total_search_result_count ?? d.num_found), items };
}
