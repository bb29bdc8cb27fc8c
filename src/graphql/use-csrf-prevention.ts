import type { Plugin } from 'graphql-yoga';

/** The content types a browser sends cross-site without a CORS preflight (a "simple" request). */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * CSRF prevention: a POST must carry a content type that a cross-site page cannot send without a CORS
 * preflight (application/json, application/graphql-response+json, application/graphql), so an HTML
 * form or a `text/plain` beacon on another site never executes an operation, whatever CORS_ORIGINS
 * allows. GET stays open as GraphQL over HTTP specifies: yoga runs only queries over GET, and a
 * cross-site GET can neither carry our Authorization header nor read the answer.
 *
 * yoga's own useCSRFPrevention also demands a custom header on every GET, which plain GraphQL-over-HTTP
 * clients (and the graphql-http audit) do not send; hence this narrower rule.
 */
export function useCsrfPrevention({ endpoint }: { endpoint: string }): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint || request.method !== 'POST') return;
      const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (type !== '' && !SIMPLE_CONTENT_TYPES.includes(type)) return;
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({
            errors: [
              {
                message: 'POST needs Content-Type: application/json (form and text/plain bodies are refused)',
                extensions: { code: 'BAD_REQUEST' },
              },
            ],
          }),
          { status: 415, headers: { 'content-type': 'application/json; charset=utf-8' } },
        ),
      );
    },
  };
}
