import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { createAuthenticator } from './auth/authenticator.js';
import { createBackends } from './backends.js';
import type { Config } from './config.js';
import { loadConsole } from './console/assets.js';
import type { GatewayServices } from './graphql/context.js';
import { persistedDocuments as createPersistedDocuments } from './graphql/persisted-documents.js';
import { buildSchema } from './graphql/schema.js';
import { attachGraphQLWebSocket } from './graphql/websocket.js';
import { createGatewayYoga } from './graphql/yoga.js';
import { createLogger } from './observability/logger.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import {
  REQUEST_ID_HEADER,
  requestIdFrom,
  withRequestIds,
  withRequestScope,
} from './observability/request-scope.js';
import { recordVendorCallSpan, withIncomingTraceContext } from './observability/tracing.js';
import { createRateGate } from './rate-limit/rate-gate.js';
import { TenantLimits } from './rate-limit/tenant-limits.js';
import type { Vendor } from './tasks/model.js';
import { createPollHandler } from './tasks/poller.js';
import { TaskService } from './tasks/service.js';
import type { ConfiguredVendor, ConnectedVendor, VendorMode, VendorWiring } from './vendors/module.js';
import { createVendorRegistry } from './vendors/registry.js';
import { sandboxRoutes } from './vendors/shared/sandbox/routes.js';
import { RedisSandboxState } from './vendors/shared/sandbox/state.js';

export interface App {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  origin: string;
  metrics: Metrics;
  /** The vendors as this gateway runs them (each vendor module's sandbox accessor takes one). */
  vendors: readonly ConnectedVendor[];
  /** Graceful: stop accepting, complete open subscriptions, wait for polls, flush the store. */
  close(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  /**
   * Spans per GraphQL operation: set when an OpenTelemetry SDK is registered (main.ts, from the
   * standard OTEL_* variables; observability/tracing.ts). Polls and vendor calls are traced whenever
   * an SDK is registered.
   */
  traces?: boolean;
}

/** A dependency that does not answer within this is as good as down. */
const READY_TIMEOUT_MS = 2_000;
/** WebSocket close code 1012: the server is restarting; clients should reconnect. */
const SERVICE_RESTART = 1012;

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  // Every line logged while a request is handled carries its id, whoever logs it.
  const logger = withRequestIds(options.logger ?? createLogger(config.logLevel));
  if (config.auth.mode === 'none') {
    logger.warn(
      'no authentication (AUTH=none, or no API_KEYS/TENANTS_FILE/JWT_* in development): every caller is tenant "public" with every scope',
    );
  }

  const consolePage = loadConsole({
    persistedDocuments: config.persistedDocuments !== null,
    authRequired: config.auth.mode !== 'none',
  });
  if (!consolePage.manifest)
    logger.warn('the console is not built (npm run build:console): /console answers 503');

  const backends = await createBackends(config, logger);
  const { store, events, scheduler } = backends;
  const metrics = createMetrics({ defaultMetrics: true, countTasks: () => store.countByStatus() });

  // The origin is known only after listen (PORT=0); requests wait for wiring to finish.
  let origin = '';
  let wired: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    wired = resolve;
  });
  let handleGraphQL: (req: IncomingMessage, res: ServerResponse) => void = () => {};
  let routeSandbox: (path: string, req: IncomingMessage, res: ServerResponse) => boolean = () => false;
  let shuttingDown = false;
  const vendorModes = () => modeNames(config.vendors);

  const server = createServer((req, res) => {
    // The caller's x-request-id when it is a sane one, else a new one: returned, logged with every line
    // of this request and sent with the vendor calls it causes.
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    withIncomingTraceContext(req.headers, () =>
      withRequestScope({ requestId }, () => void ready.then(() => route(req, res))),
    );
  });
  const route = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/health') return sendJson(res, 200, { status: 'ok' });
    if (path === '/ready') return void readiness(res);
    if (path === '/metrics') return void sendMetrics(res);
    if (consolePage.route(path, req, res)) return;
    if (routeSandbox(path, req, res)) return;
    handleGraphQL(req, res);
  };
  const readiness = async (res: ServerResponse) => {
    if (shuttingDown) return sendJson(res, 503, { status: 'shutting down', vendors: vendorModes() });
    try {
      await withTimeout(Promise.all([store.ping(), scheduler.ping()]), READY_TIMEOUT_MS);
      sendJson(res, 200, { status: 'ready', vendors: vendorModes() });
    } catch (error) {
      logger.warn({ err: error }, 'not ready');
      sendJson(res, 503, { status: 'not ready', vendors: vendorModes() });
    }
  };
  const sendMetrics = async (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(await metrics.registry.metrics());
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

  const wiringFor = (vendor: ConfiguredVendor): VendorWiring => ({
    origin,
    sandboxSecret: config.sandboxSecret,
    sandboxTaskMs: config.sandboxTaskMs,
    // With Redis every instance's sandbox of a vendor is one vendor: budget and counters cluster-wide.
    sandboxState: (name) =>
      backends.redis
        ? new RedisSandboxState(backends.redis, { keyPrefix: `${config.redis.keyPrefix}sandbox:${name}:` })
        : undefined,
    rateGate: (credential, qps) =>
      createRateGate(backends.rateSlots(credential, qps), {
        label: vendor.label,
        onQueueChange: (delta) => metrics.vendorCallsQueued.inc({ vendor: vendor.vendor }, delta),
      }),
    record: (operation, outcome, startedAt = Date.now()) => {
      metrics.vendorRequests.inc({ vendor: vendor.vendor, operation, outcome });
      // Called inside the request (or poll) that made the call: the line carries its request id, the
      // span is a child of its operation (or poll) span.
      logger.debug({ vendor: vendor.vendor, operation, outcome, ms: Date.now() - startedAt }, 'vendor call');
      recordVendorCallSpan({ vendor: vendor.vendor, operation, outcome, startedAt });
    },
  });
  const connected = config.vendors.map((vendor) => vendor.connect(wiringFor(vendor)));
  const registry = createVendorRegistry(connected);
  routeSandbox = sandboxRoutes(connected, config.sandboxControlToken);
  for (const [vendor, mode] of Object.entries(vendorModes())) {
    logger.info({ vendor, mode }, `vendor ${vendor}: ${mode}`);
  }

  const service = new TaskService({
    store,
    events,
    scheduler,
    operations: registry,
    policy: config.poll,
    logger,
  });
  scheduler.start(
    createPollHandler({ store, service, metrics, logger, scheduler, retryDelayMs: config.poll.maxMs }),
  );

  const services: GatewayServices = {
    tasks: service,
    vendors: registry,
    events,
    metrics,
    limits: new TenantLimits({
      defaults: config.limits.tenant,
      ...(backends.redis
        ? { redis: { client: backends.redis, keyPrefix: `${config.redis.keyPrefix}limits:` } }
        : {}),
    }),
  };
  const authenticate = createAuthenticator(config.auth, config.tenants);
  // The console's own documents are trusted with the operator's: the console is part of the gateway.
  const persistedDocuments = config.persistedDocuments
    ? createPersistedDocuments(
        [config.persistedDocuments.manifest, ...(consolePage.manifest ? [consolePage.manifest] : [])],
        config.persistedDocuments.only,
      )
    : null;
  const yoga = createGatewayYoga({
    schema: buildSchema(connected),
    services,
    authenticate,
    logger,
    graphiql: config.graphiql,
    authRequired: config.auth.mode !== 'none',
    maxBodyBytes: config.limits.bodyBytes,
    operationLimits: config.limits.operation,
    vendorWaitMs: config.limits.vendorWaitMs,
    corsOrigins: config.corsOrigins,
    persistedDocuments,
    ...(options.traces
      ? { operationTracing: (await import('./graphql/use-operation-tracing.js')).useOperationTracing() }
      : {}),
  });
  handleGraphQL = (req, res) => void yoga.handle(req, res);
  const ws = attachGraphQLWebSocket(server, yoga, {
    authenticate,
    logger,
    limits: services.limits,
    maxOperationsPerConnection: config.limits.subscriptionsPerConnection,
    maxFrameBytes: config.limits.frameBytes,
    persistedDocuments,
  });

  const resumed = await service.resume();
  // A start still PENDING after this long was lost by whoever made it (a crash): longer than any start
  // can take (its wait for the vendor budget, then the vendor's timeouts, with the token call's retries).
  const staleStartMs =
    config.limits.vendorWaitMs + 3 * Math.max(0, ...config.vendors.map((vendor) => vendor.timeoutMs)) + 5_000;
  // Embedded, this process is the only writer: every PENDING start from before it is lost. With Redis,
  // another instance may still be making one, so only old ones are.
  const lostBefore = backends.redis ? new Date(Date.now() - staleStartMs) : new Date();
  const reconciled = await service.reconcileStarts(lostBefore);
  if (reconciled > 0) logger.warn({ reconciled }, 'starts lost in a crash were recorded as FAILED tasks');
  const reconciler = setInterval(() => {
    service
      .reconcileStarts(new Date(Date.now() - staleStartMs))
      .catch((err: unknown) => logger.warn({ err }, 'reconciling lost starts failed; will retry'));
  }, staleStartMs);
  reconciler.unref();
  wired();
  logger.info({ url: `${origin}/graphql`, resumed, reconciled }, `gateway listening on ${origin}/graphql`);

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      shuttingDown = true;
      clearInterval(reconciler);
      // /ready says 503 while everything else still works, so a balancer moves traffic away first.
      if (config.shutdownGraceMs > 0) await sleep(config.shutdownGraceMs);
      server.close();
      // Not `complete`: the tasks are not finished. Clients reconnect (to another instance behind a
      // balancer, or to this one restarted) and get the current state first.
      await ws.close(SERVICE_RESTART, 'Service restart');
      // SSE streams end without `complete` for the same reason.
      server.closeAllConnections();
      await scheduler.stop();
      await events.close();
      await store.close();
      await backends.close();
      logger.info('gateway stopped');
    })();
    return closing;
  };

  return {
    url: `${origin}/graphql`,
    origin,
    metrics,
    vendors: connected,
    close,
  };
}

const MODE_NAMES: Readonly<Record<VendorMode, string>> = {
  LIVE: 'live',
  SANDBOX: 'sandbox',
  NOT_CONFIGURED: 'not configured',
};

/** live / sandbox / not configured, as the start-up log and /ready say it. */
function modeNames(vendors: readonly ConfiguredVendor[]): Record<Vendor, string> {
  return Object.fromEntries(vendors.map((vendor) => [vendor.vendor, MODE_NAMES[vendor.mode]]));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
