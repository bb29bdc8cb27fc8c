/**
 * P002 list items (../README.md 1.4): the fields the spec names (`patent_id`, `pn`) plus those third-
 * party /v2 clients read and the P007 example documents. Rows are the query's documents, so they are
 * the patents the export writes and the facets count.
 */
import { numericValue, type SearchDoc, textValue } from './documents.js';
import type { SortSpec } from './search-request.js';

export interface PatentListItem {
  patent_id: string;
  pn: string;
  apno: string;
  title: string;
  authority: string;
  original_assignee: string;
  current_assignee: string;
  /** One string joined with " | ", as the vendor sends it. */
  inventor: string;
  /** yyyyMMdd as an int32. */
  apdt: number;
  pbdt: number;
}

/** The page of `docs` after sorting; SCORE order is the documents' own (relevance) order. */
export function patentPage(
  docs: readonly SearchDoc[],
  sort: readonly SortSpec[],
  offset: number,
  limit: number,
): PatentListItem[] {
  return sortDocs(docs, sort)
    .slice(offset, offset + limit)
    .map(toItem);
}

const SORT_VALUE: Record<SortSpec['field'], (doc: SearchDoc) => number | undefined> = {
  // A higher score is a better match, and row 0 is the best one.
  SCORE: (doc) => -doc.row,
  PBDT_YEARMONTHDAY: (doc) => numericValue(doc, 'PBDT'),
  APD_YEARMONTHDAY: (doc) => numericValue(doc, 'APDT'),
  ISD: (doc) => numericValue(doc, 'ISD'),
};

/** Documents without the sort value go last either way, as Solr's sortMissingLast does. */
function sortDocs(docs: readonly SearchDoc[], sort: readonly SortSpec[]): SearchDoc[] {
  const keys = sort.length > 0 ? sort : [{ field: 'SCORE', order: 'DESC' } as const];
  return [...docs].sort((a, b) => {
    for (const { field, order } of keys) {
      const x = SORT_VALUE[field](a);
      const y = SORT_VALUE[field](b);
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      return order === 'ASC' ? x - y : y - x;
    }
    return a.row - b.row;
  });
}

function toItem(doc: SearchDoc): PatentListItem {
  const r = doc.record;
  const hex = r.PATENT_ID ?? '';
  return {
    // The export's PATENT_ID as the UUID the list API shows.
    patent_id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`,
    pn: r.PN ?? '',
    apno: r.APNO ?? '',
    title: r.TITLE ?? '',
    authority: r.AUTHORITY ?? '',
    original_assignee: r.AN ?? '',
    current_assignee: textValue(doc, 'ANCS') ?? '',
    inventor: (r.IN ?? '').split('; ').join(' | '),
    apdt: Number(r.APD),
    pbdt: Number(r.PBD),
  };
}
