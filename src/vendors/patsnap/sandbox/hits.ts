/**
 * How many patents a query matches, and the seed of its fake result set. P055 export, P075 nested
 * search and P002 list search all derive from this one function, so the same query_text exports as
 * many patents as the searches count, and the list rows are the exported rows.
 */
import { createHash } from 'node:crypto';

export interface QueryHits {
  /** 24..523: small enough to compute every facet over real fake documents, large enough to page. */
  matches: number;
  /** Seeds the fake patents of the query (see patents.ts). */
  seed: string;
}

export function queryHits(queryText: string): QueryHits {
  const digest = createHash('sha256').update(queryText, 'utf8').digest();
  return { matches: 24 + (digest.readUInt32BE(0) % 500), seed: digest.subarray(4, 12).toString('hex') };
}
