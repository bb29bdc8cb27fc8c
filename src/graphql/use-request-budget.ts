import type { Plugin } from 'graphql-yoga';
import type { Caller } from '../auth/authenticator.js';
import { RateLimitedError } from '../errors.js';
import type { TenantLimits } from '../rate-limit/tenant-limits.js';

export interface RequestBudgetOptions {
  limits: TenantLimits;
  endpoint: string;
  /** Filled by useAuthentication, which runs first. */
  callers: WeakMap<Request, Caller>;
}

/**
 * Each tenant's request rate, counted before the document is parsed: a refusal is HTTP 429 with
 * `Retry-After` and RATE_LIMITED / `retryAfterMs`, and costs the gateway next to nothing.
 */
export function useRequestBudget({ limits, endpoint, callers }: RequestBudgetOptions): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const caller = url.pathname === endpoint ? callers.get(request) : undefined;
      if (!caller) return;
      try {
        await limits.consumeRequest(caller);
      } catch (error) {
        if (!(error instanceof RateLimitedError)) throw error;
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({
              errors: [
                {
                  message: error.message,
                  extensions: { code: 'RATE_LIMITED', limit: error.limit, retryAfterMs: error.retryAfterMs },
                },
              ],
            }),
            {
              status: 429,
              headers: {
                'content-type': 'application/json; charset=utf-8',
                'retry-after': String(Math.ceil(error.retryAfterMs / 1000)),
              },
            },
          ),
        );
      }
    },
  };
}
