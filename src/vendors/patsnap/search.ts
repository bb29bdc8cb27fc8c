import { VendorError } from '../shared/vendor-error.js';
import type { PatSnapClient } from './client.js';
import type { SortInput, ValidatedPatentSearch } from './search-input.js';
import {
  type NestedSearchResult,
  type PatentListPage,
  parseNestedSearch,
  parsePatentList,
} from './search-results.js';

/**
 * P075 nested facet search and P002 patent list, both synchronous calls through the PatSnap client
 * (auth, envelope, rate budget, metrics). Inputs are validated before they get here.
 */

export const PATSNAP_SEARCH_OPERATIONS = {
  nested: 'patent_nested_search',
  list: 'patent_query_search',
} as const;

export interface PatentListRequest {
  queryText: string;
  limit: number;
  offset: number;
  sort?: readonly SortInput[] | null;
  stemming?: boolean | null;
}

export interface PatentSearch {
  nestedSearch(search: ValidatedPatentSearch): Promise<NestedSearchResult>;
  listPatents(req: PatentListRequest): Promise<PatentListPage>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A success envelope whose `data` lacks what the operation always returns: a transient failure. */
function unexpected(api: string, field: string): VendorError {
  return new VendorError('VENDOR_UNAVAILABLE', `PatSnap: unexpected ${api} response (no ${field})`, {
    transient: true,
  });
}

export function createPatentSearch(client: Pick<PatSnapClient, 'call'>): PatentSearch {
  return {
    async nestedSearch(search) {
      const data = await client.call(
        PATSNAP_SEARCH_OPERATIONS.nested,
        'POST',
        'search/patent/nested-search-patent',
        { json: search.request },
      );
      // The facets' shape is read tolerantly; an answer without a hit count is not P075's.
      if (!isRecord(data) || data.num_found == null) throw unexpected('P075', 'num_found');
      return parseNestedSearch(data, search.facets);
    },

    async listPatents(req) {
      const data = await client.call(
        PATSNAP_SEARCH_OPERATIONS.list,
        'POST',
        'search/patent/query-search-patent',
        {
          json: {
            query_text: req.queryText,
            limit: req.limit,
            offset: req.offset,
            // P002 documents lower-case orders and stemming as 1/0, unlike P075.
            ...(req.sort?.length
              ? { sort: req.sort.map((s) => ({ field: s.field, order: s.order.toLowerCase() })) }
              : {}),
            ...(req.stemming != null ? { stemming: req.stemming ? 1 : 0 } : {}),
          },
        },
      );
      if (!isRecord(data) || !Array.isArray(data.results)) throw unexpected('P002', 'results');
      return parsePatentList(data);
    },
  };
}
