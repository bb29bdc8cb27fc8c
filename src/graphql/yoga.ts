import DataLoader from 'dataloader';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { TaskRecord } from '../tasks/model.js';
import type { PatentListRequest } from '../vendors/patsnap/search.js';
import type { PatentListPage } from '../vendors/patsnap/search-results.js';
import { tenantFor } from './auth.js';
import { useBadVariableCodes } from './bad-variables-plugin.js';
import type { GatewayServices, GraphQLContext } from './context.js';
import { maskError } from './errors.js';
import { schema } from './schema.js';

export interface ServerContext {
  /** graphql-ws passes its connection params here; HTTP and SSE use the Authorization header. */
  connectionParams?: Record<string, unknown>;
}

export type GatewayYoga = YogaServerInstance<ServerContext, GraphQLContext>;

export function createGatewayYoga(opts: {
  services: GatewayServices;
  apiKeys: ReadonlyMap<string, string> | null;
  logger: Logger;
}): GatewayYoga {
  const { services, apiKeys, logger } = opts;
  return createYoga<ServerContext, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { subscriptionsProtocol: 'WS', title: 'Export task gateway' },
    maskedErrors: { maskError },
    plugins: [useBadVariableCodes()],
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    context: ({ request, connectionParams }): GraphQLContext => {
      const authorization = connectionParams
        ? connectionParams.authorization
        : request.headers.get('authorization');
      const tenant = tenantFor(apiKeys, authorization ?? undefined);
      return {
        tenant,
        services,
        loaders: {
          task: new DataLoader<string, TaskRecord | null>((ids) => services.tasks.getMany(tenant, ids)),
          patents: new DataLoader<PatentListRequest, PatentListPage, string>(
            // P002 takes one query per call: the loader's value is de-duplication, not batching.
            (requests) =>
              Promise.all(
                requests.map((req) =>
                  services
                    .patentSearch()
                    .listPatents(req)
                    .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
                ),
              ),
            { cacheKeyFn: (req) => JSON.stringify(req) },
          ),
        },
      };
    },
  });
}
