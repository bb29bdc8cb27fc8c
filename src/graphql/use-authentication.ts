import type { Plugin } from 'graphql-yoga';
import type { Authenticate, Caller } from '../auth/authenticator.js';
import { UnauthenticatedError } from '../errors.js';

export interface AuthenticationOptions {
  authenticate: Authenticate;
  /** Only requests to this path are GraphQL requests (everything else is someone else's 404). */
  endpoint: string;
  /** Where the caller of each authenticated request is kept for the context factory. */
  callers: WeakMap<Request, Caller>;
}

/**
 * Authentication before parsing: a request to the GraphQL endpoint without valid credentials gets
 * HTTP 401 and a short JSON body, and its document is never parsed or validated, so an anonymous
 * client learns nothing about the schema (no "Did you mean…" suggestions). GraphiQL's page and CORS
 * preflights are answered by yoga's own plugins, which run before this one.
 */
export function useAuthentication({ authenticate, endpoint, callers }: AuthenticationOptions): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint || request.method === 'OPTIONS') return;
      try {
        callers.set(request, await authenticate(request.headers.get('authorization') ?? undefined));
      } catch (error) {
        if (!(error instanceof UnauthenticatedError)) throw error;
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] }),
            {
              status: 401,
              headers: { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer' },
            },
          ),
        );
      }
    },
  };
}
