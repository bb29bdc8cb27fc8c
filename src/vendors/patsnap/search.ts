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

export function createPatentSearch(client: Pick<PatSnapClient, 'call'>): PatentSearch {
  return {
    async nestedSearch(search) {
      const data = await client.call(
        PATSNAP_SEARCH_OPERATIONS.nested,
        'POST',
        'search/patent/nested-search-patent',
        { json: search.request },
      );
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
      return parsePatentList(data);
    },
  };
}
