import type { Server } from 'node:http';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { tenantFor } from './auth.js';
import type { GatewayYoga } from './yoga.js';

// Close code for a connection whose API key is refused (graphql-ws convention: 4403 Forbidden).
const FORBIDDEN = 4403;

/**
 * graphql-ws on the same port and path as HTTP, running every operation through yoga's envelop
 * so that context, auth, error masking and plugins are the same as for HTTP and SSE.
 */
export function attachGraphQLWebSocket(
  server: Server,
  yoga: GatewayYoga,
  apiKeys: ReadonlyMap<string, string> | null,
) {
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const disposable = useServer(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onConnect: (ctx) => {
        try {
          tenantFor(apiKeys, ctx.connectionParams?.authorization);
          return true;
        } catch {
          ctx.extra.socket.close(FORBIDDEN, 'Forbidden');
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          connectionParams: ctx.connectionParams ?? {},
        });
        const document = parse(payload.query);
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe } satisfies EnvelopedRoot,
        };
      },
    },
    wss,
  );
  return {
    /** Closes every socket (after their subscriptions completed) and the server. */
    async close(): Promise<void> {
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

interface EnvelopedRoot {
  // biome-ignore lint/suspicious/noExplicitAny: envelop's execute/subscribe take graphql-js ExecutionArgs
  execute: (args: any) => any;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  subscribe: (args: any) => any;
}
