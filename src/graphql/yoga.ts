import { randomUUID } from 'node:crypto';
import { RequestCache } from '@pothos/plugin-scope-auth';
import DataLoader from 'dataloader';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Authenticate, Caller } from '../auth/authenticator.js';
import { currentRequestId } from '../observability/request-scope.js';
import type { TaskRecord } from '../tasks/model.js';
import type { Actor } from '../tasks/service.js';
import type { GatewayServices, GraphQLContext } from './context.js';
import { maskError } from './error-masking.js';
import { graphiqlOptions } from './graphiql.js';
import { type PersistedDocuments, usePersistedDocuments } from './persisted-documents.js';
import { useSharedSubscriptionExecution } from './shared-subscription-execution.js';
import { useAuthentication } from './use-authentication.js';
import { useBadVariableCodes } from './use-bad-variable-codes.js';
import { useBodyLimit } from './use-body-limit.js';
import { useCsrfPrevention } from './use-csrf-prevention.js';
import { type OperationLimits, useOperationLimits } from './use-operation-limits.js';
import { useOperationMetrics } from './use-operation-metrics.js';
import type { OperationTracingPlugin } from './use-operation-tracing.js';
import { useRequestBudget } from './use-request-budget.js';
import { useRequestShape } from './use-request-shape.js';
import { useSubscriptionRootRule } from './use-subscription-root-rule.js';
import { useVendorCallContext } from './use-vendor-call-context.js';
import { yogaLogger } from './yoga-logger.js';

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
  /** PERSISTED_DOCUMENTS / PERSISTED_ONLY; null: document text only. */
  persistedDocuments: PersistedDocuments | null;
  /**
   * A span per operation (use-operation-tracing.ts), when traces are on. Passed in rather than made
   * here so that without traces its module (and the tracing SDK parts it loads) is never imported.
   */
  operationTracing?: OperationTracingPlugin;
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
    // LIMIT_BODY_BYTES is enforced by useBodyLimit (last plugin), without yoga's per-request stream.
    maxRequestBodySize: false,
    // yoga keeps parsed documents by count (1,024 each); bound them by size instead, so that a client
    // sending many large distinct documents cannot fill the heap with them.
    parserAndValidationCache: {
      documentCache: sizedCache<DocumentNode>(),
      errorCache: sizedCache<unknown>(),
    },
    maskedErrors: { maskError },
    // `documentId` names a trusted document (yoga's parameter check refuses unknown parameters).
    ...(opts.persistedDocuments ? { extraParamNames: ['documentId'] } : {}),
    plugins: [
      // First, so that its span covers the other plugins' work and is active in every resolver.
      ...(opts.operationTracing ? [opts.operationTracing] : []),
      useCsrfPrevention({ endpoint: ENDPOINT }),
      useAuthentication({ authenticate, endpoint: ENDPOINT, callers }),
      useRequestBudget({ limits: services.limits, endpoint: ENDPOINT, callers }),
      ...(opts.persistedDocuments ? [usePersistedDocuments(opts.persistedDocuments)] : []),
      ...useOperationLimits(opts.operationLimits),
      useRequestShape(),
      useSubscriptionRootRule(),
      useVendorCallContext({ waitMs: opts.vendorWaitMs }),
      useBadVariableCodes(),
      useSharedSubscriptionExecution<GraphQLContext>({
        audienceOf: (ctx) => audienceOf(ctx.caller),
        // Pothos scope-auth caches the subscription field's scope check per context (five Maps, about
        // 1.5 KB with their tables); the check is done, and a later execution with this context makes a
        // new one.
        afterSubscribe: (ctx) => RequestCache.clearForContext(ctx),
      }),
      useOperationMetrics({ registry: services.metrics.registry }),
      // Last: it wraps whichever request parser was chosen. Larger bodies answer 413 before they are read whole.
      useBodyLimit(opts.maxBodyBytes),
    ],
    logging: yogaLogger(logger),
    context: ({ request, caller, signal }): GraphQLContext => {
      const known = caller ?? callers.get(request);
      // useAuthentication answered 401 before any request without a caller got here.
      if (!known) throw new Error('request reached GraphQL without authentication');
      // app.ts (HTTP, SSE) and websocket.ts (graphql-ws) run every request in its scope.
      const requestId = currentRequestId() ?? randomUUID();
      return createContext(services, known, signal ?? request?.signal, { requestId, logger });
    },
  });
}

/**
 * Everything of the caller that a subscription's answer can depend on: its tenant (whose tasks it sees)
 * and its scopes (field access). Callers alike in both share one execution per event.
 */
function audienceOf(caller: Caller): string {
  return `${caller.tenant}\n${[...caller.scopes].sort().join(' ')}`;
}

function createContext(
  services: GatewayServices,
  caller: Caller,
  signal: AbortSignal | undefined,
  request: { requestId: string; logger: Logger },
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
    requestId: request.requestId,
    logger: request.logger,
    services,
    // Made on first use: a subscription (10,000 of them at once) or a query that reads no task needs none.
    loaders: lazyLoaders(() => ({
      task: new DataLoader<string, TaskRecord | null>((ids) => services.tasks.getMany(tenant, ids)),
    })),
  };
}

function lazyLoaders(make: () => GraphQLContext['loaders']): GraphQLContext['loaders'] {
  let loaders: GraphQLContext['loaders'] | undefined;
  return {
    get task() {
      loaders ??= make();
      return loaders.task;
    },
  };
}

/**
 * A parsed document costs some tens of times its source text in memory: the cache keeps at most 1,024
 * of them (yoga's own bound) and at most 2 MB of their source, so that a client sending many large
 * distinct documents cannot fill the heap with them.
 */
const DOCUMENT_CACHE_ENTRIES = 1024;
const DOCUMENT_CACHE_SOURCE_BYTES = 2 * 1024 * 1024;

function sizedCache<Value>() {
  const cache = new LRUCache<string, { value: Value }>({
    max: DOCUMENT_CACHE_ENTRIES,
    maxSize: DOCUMENT_CACHE_SOURCE_BYTES,
    sizeCalculation: (_entry, key) => Math.max(1, key.length),
    ttl: 60 * 60 * 1000,
  });
  return {
    get: (key: string) => cache.get(key)?.value,
    set: (key: string, value: Value) => void cache.set(key, { value }),
  };
}
