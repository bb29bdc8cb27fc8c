import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
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
 */
export function graphiqlOptions(enabled: boolean): GraphiQLYogaOptions {
  if (!enabled) return { graphiql: false };
  return {
    graphiql: { subscriptionsProtocol: 'WS', title: 'Export task gateway' },
    renderGraphiQL,
  };
}
