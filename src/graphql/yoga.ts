import DataLoader from 'dataloader';
import type { GraphQLSchema } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Authenticate, Caller } from '../auth/authenticator.js';
import type { TaskRecord } from '../tasks/model.js';
import type { Actor } from '../tasks/service.js';
import type { GatewayServices, GraphQLContext } from './context.js';
import { maskError } from './error-masking.js';
import { graphiqlOptions } from './graphiql.js';
import { useAuthentication } from './use-authentication.js';
import { useBadVariableCodes } from './use-bad-variable-codes.js';
import { useCsrfPrevention } from './use-csrf-prevention.js';
import { type OperationLimits, useOperationLimits } from './use-operation-limits.js';
import { useRequestBudget } from './use-request-budget.js';
import { useVendorCallContext } from './use-vendor-call-context.js';

export interface ServerContext {
  /** graphql-ws authenticates once per connection and passes the caller here; HTTP and SSE per request. */
  caller?: Caller;
  /** graphql-ws: aborted when the socket closes (HTTP uses the request's own signal). */
  signal?: AbortSignal;
}

export type GatewayYoga = YogaServerInstance<ServerContext, GraphQLContext>;

export interface GatewayYogaOptions {
  /** The gateway's schema, built from its vendors (graphql/schema.ts). */
  schema: GraphQLSchema;
  services: GatewayServices;
  authenticate: Authenticate;
  logger: Logger;
  graphiql: boolean;
  /** Callers must bring credentials (not AUTH=none). */
  authRequired: boolean;
  /** LIMIT_DEPTH … LIMIT_VENDOR_CALLS: refused with BAD_USER_INPUT before execution. */
  operationLimits: OperationLimits;
  /** VENDOR_WAIT_MS: how long an operation's vendor call may wait for its budget. */
  vendorWaitMs: number;
  /** LIMIT_BODY_BYTES. */
  maxBodyBytes: number;
  /** CORS_ORIGINS: the only origins that get CORS headers. */
  corsOrigins: readonly string[];
}

const ENDPOINT = '/graphql';

export function createGatewayYoga(opts: GatewayYogaOptions): GatewayYoga {
  const { services, authenticate, logger } = opts;
  const callers = new WeakMap<Request, Caller>();
  const corsOrigins = new Set(opts.corsOrigins);
  return createYoga<ServerContext, GraphQLContext>({
    schema: opts.schema,
    graphqlEndpoint: ENDPOINT,
    landingPage: false,
    ...graphiqlOptions(opts.graphiql, opts.authRequired),
    // Unknown origins get no CORS headers at all (never a reflection of whatever Origin was sent).
    cors: (request) => {
      const origin = request.headers.get('origin');
      return origin !== null && corsOrigins.has(origin)
        ? {
            origin,
            credentials: false,
            methods: ['GET', 'POST'],
            allowedHeaders: ['authorization', 'content-type', 'accept'],
            maxAge: 600,
          }
        : false;
    },
    // No file uploads: multipart is one of the content types a cross-site form can send.
    multipart: false,
    // Larger bodies answer 413 before they are read whole.
    maxRequestBodySize: opts.maxBodyBytes,
    maskedErrors: { maskError },
    plugins: [
      useCsrfPrevention({ endpoint: ENDPOINT }),
      useAuthentication({ authenticate, endpoint: ENDPOINT, callers }),
      useRequestBudget({ limits: services.limits, endpoint: ENDPOINT, callers }),
      ...useOperationLimits(opts.operationLimits),
      useVendorCallContext({ waitMs: opts.vendorWaitMs }),
      useBadVariableCodes(),
    ],
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    context: ({ request, caller, signal }): GraphQLContext => {
      const known = caller ?? callers.get(request);
      // useAuthentication answered 401 before any request without a caller got here.
      if (!known) throw new Error('request reached GraphQL without authentication');
      return createContext(services, known, signal ?? request?.signal);
    },
  });
}

function createContext(
  services: GatewayServices,
  caller: Caller,
  signal: AbortSignal | undefined,
): GraphQLContext {
  const tenant = caller.tenant;
  const actor: Actor = {
    tenant,
    sharedVendorAccess: caller.scopes.has('vendor:shared'),
    hasOwnCredentials: (vendor) => services.vendors.hasOwnCredentials(tenant, vendor),
    activeTaskLimit: services.limits.of(caller).activeTasks,
  };
  return {
    caller,
    tenant,
    actor,
    signal,
    services,
    loaders: {
      task: new DataLoader<string, TaskRecord | null>((ids) => services.tasks.getMany(tenant, ids)),
    },
  };
}
