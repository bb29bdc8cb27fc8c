import type { YogaServerOptions } from 'graphql-yoga';
import type { GraphQLContext } from './context.js';
import type { ServerContext } from './yoga.js';

type GraphiQLYogaOptions = Pick<
  YogaServerOptions<ServerContext, GraphQLContext>,
  'graphiql' | 'renderGraphiQL'
>;

/**
 * GraphiQL served entirely from the gateway: `renderGraphiQL` inlines the GraphiQL bundle, its CSS,
 * fonts and Monaco workers into the page, so nothing is fetched from a CDN (yoga's default page loads
 * its scripts from unpkg and stays blank without internet). Spread the result into `createYoga`.
 *
 * GraphiQL sends its Headers tab with HTTP requests but not as graphql-ws `connectionParams`, so when
 * callers must authenticate its subscriptions go over SSE (plain HTTP, with the Authorization header);
 * without authentication they use WebSocket, as frontends do.
 */
export function graphiqlOptions(enabled: boolean, authRequired: boolean): GraphiQLYogaOptions {
  if (!enabled) return { graphiql: false };
  return {
    graphiql: {
      subscriptionsProtocol: authRequired ? 'SSE' : 'WS',
      title: 'Export task gateway',
      headers: authRequired
        ? JSON.stringify({ authorization: 'Bearer <API key or token>' }, null, 2)
        : undefined,
    },
    // The page inlines all of GraphiQL (tens of MB as strings): loaded on the first visit, so a gateway
    // nobody explores with it does not carry it.
    renderGraphiQL: async (options) =>
      (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
  };
}
