import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * LIMIT_BODY_BYTES. yoga's own `maxRequestBodySize` pipes every body through a TransformStream to count
 * its bytes, which cost a small query about a tenth of the gateway's throughput. A body with a valid
 * Content-Length cannot be longer than it says (Node's HTTP parser stops there), so that header alone
 * decides; only a body without one (chunked) is read here, up to the limit, before it is parsed.
 */
export function useBodyLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength !== null) {
        // One non-negative integer only: anything else (a list, as in request smuggling) is refused.
        if (!/^\d+$/.test(contentLength)) throw badRequest('Content-Length header is invalid.');
        if (Number(contentLength) > limit) throw tooLarge();
        return;
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser(async (req) => {
        const body = await readAtMost(req, limit);
        return parse(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body }));
      });
    },
  };
}

/** The body as text (every parser yoga keeps here reads text), or 413 past `limit` bytes. */
async function readAtMost(request: Request, limit: number): Promise<string> {
  const reader = request.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    // Not cancelled: that would reset the connection before the 413 goes out; Node drops the rest.
    if (total > limit) throw tooLarge();
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

function tooLarge(): GraphQLError {
  return new GraphQLError('Request body too large', {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
  });
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}
