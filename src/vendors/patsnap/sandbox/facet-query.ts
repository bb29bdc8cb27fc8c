/**
 * Which documents a query facet's `query` matches. The simple forms a gateway is likely to send are
 * evaluated against the documents' values, so they agree with field and range facets:
 *   FIELD:[low TO high]   inclusive ([ ]) or exclusive ({ }) ends, `*` for open; numeric fields
 *   FIELD:value, FIELD:"value"   exact value, case-insensitive
 * Anything richer (boolean operators, wildcards, PatSnap's own syntax) matches a stable, per-query
 * share of the documents instead, so nested counts stay consistent without a query engine.
 */
import { createHash } from 'node:crypto';
import { draw, memoized, numericValue, type SearchDoc, textValue, unit } from './documents.js';

type Matcher = (doc: SearchDoc) => boolean;

const cache = new Map<string, Matcher>();
const CACHE_LIMIT = 1000;

export function matchesQuery(doc: SearchDoc, query: string): boolean {
  let matcher = cache.get(query);
  if (matcher === undefined) {
    matcher = compile(query);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(query, matcher);
  }
  return memoized(doc, `query:${query}`, matcher);
}

const FIELD_CLAUSE = /^\s*([A-Z][A-Z0-9_]*)\s*:\s*(.+?)\s*$/;
const RANGE = /^([[{])\s*(\S+)\s+TO\s+(\S+)\s*([\]}])$/;
const TERM = /^(?:"([^"]*)"|([^\s"()[\]{}:*?]+))$/;

function compile(query: string): Matcher {
  const clause = FIELD_CLAUSE.exec(query);
  const field = clause?.[1];
  const operand = clause?.[2];
  if (field !== undefined && operand !== undefined) {
    const range = RANGE.exec(operand);
    if (range !== null) {
      const [, open, low, high, close] = range as unknown as [string, string, string, string, string];
      const matcher = rangeMatcher(field, bound(low), bound(high), open === '[', close === ']');
      if (matcher !== undefined) return matcher;
    }
    const term = TERM.exec(operand);
    const value = term?.[1] ?? term?.[2];
    if (value !== undefined) {
      const wanted = value.toLowerCase();
      return (doc) => textValue(doc, field)?.toLowerCase() === wanted;
    }
  }
  return shareMatcher(query);
}

/** A number, `*` (open end, null) or undefined when neither. */
function bound(text: string): number | null | undefined {
  if (text === '*') return null;
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : undefined;
}

function rangeMatcher(
  field: string,
  low: number | null | undefined,
  high: number | null | undefined,
  includeLow: boolean,
  includeHigh: boolean,
): Matcher | undefined {
  if (low === undefined || high === undefined) return undefined;
  return (doc) => {
    const v = numericValue(doc, field);
    if (v === undefined) return false;
    const aboveLow = low === null || (includeLow ? v >= low : v > low);
    const belowHigh = high === null || (includeHigh ? v <= high : v < high);
    return aboveLow && belowHigh;
  };
}

/** 15%..85% of the documents, the same ones under every parent bucket. */
function shareMatcher(query: string): Matcher {
  const share = 0.15 + 0.7 * unit(createHash('sha256').update(query).digest());
  return (doc) => unit(draw(doc, `query:${query}`)) < share;
}
