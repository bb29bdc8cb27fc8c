import type { Plugin } from 'graphql-yoga';
import { withVendorCallContext } from '../rate-limit/call-context.js';
import type { GraphQLContext } from './context.js';

/**
 * Runs each operation as its tenant's interactive vendor calls: they take the tenant's fair turn at
 * each vendor budget, are refused (RATE_LIMITED, `retryAfterMs`) rather than queued past `waitMs`, and
 * are dropped from the queue when the client disconnects (the request's or the socket's signal).
 */
export function useVendorCallContext({ waitMs }: { waitMs: number }): Plugin<GraphQLContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue;
      setExecuteFn((execArgs) =>
        withVendorCallContext(
          {
            tenant: context.tenant,
            kind: 'interactive',
            deadline: Date.now() + waitMs,
            signal: context.signal,
          },
          () => executeFn(execArgs),
        ),
      );
    },
  };
}
