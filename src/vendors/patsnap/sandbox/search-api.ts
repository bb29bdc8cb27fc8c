/**
 * P075 nested search and P002 list search handlers. Both count the same documents for a query_text
 * (documents.ts), so P075's num_found equals P002's total_search_result_count and the P055 count.
 */
import { authenticate, type Call, readJsonObject, type Sandbox } from './context.js';
import { searchDocuments } from './documents.js';
import { sendData, sendError } from './envelope.js';
import { computeFacets } from './facets.js';
import { patentPage } from './patent-list.js';
import { parseNestedSearchRequest, parseQuerySearchRequest } from './search-request.js';

/** POST /search/patent/nested-search-patent (P075): counts and facets, no patent rows. */
export async function nestedSearch(sandbox: Sandbox, call: Call): Promise<void> {
  if (!authenticate(sandbox, call)) return;
  const json = await readJsonObject(call);
  if (json === undefined) return;
  const request = parseNestedSearchRequest(json);
  if (request === undefined) return sendError(call.res, 68300004);
  const docs = searchDocuments(request.queryText);
  // id_mapping is only filled when ANS entity search triggers, which the sandbox never does.
  sendData(call.res, { facets: computeFacets(request.facets, docs), num_found: docs.length, id_mapping: {} });
}

/** POST /search/patent/query-search-patent[/v2] (P002): one page of patents. */
export async function querySearch(sandbox: Sandbox, call: Call): Promise<void> {
  if (!authenticate(sandbox, call)) return;
  const json = await readJsonObject(call);
  if (json === undefined) return;
  const request = parseQuerySearchRequest(json);
  if (request === undefined) return sendError(call.res, 68300004);
  const docs = searchDocuments(request.queryText);
  const results = patentPage(docs, request.sort, request.offset, request.limit);
  sendData(call.res, { results, result_count: results.length, total_search_result_count: docs.length });
}
