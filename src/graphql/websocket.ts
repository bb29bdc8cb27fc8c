import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { type FormattedExecutionResult, GraphQLError } from 'graphql';
import { CloseCode, handleProtocols, makeServer } from 'graphql-ws';
import type { Logger } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Authenticate, Caller } from '../auth/authenticator.js';
import { RateLimitedError } from '../errors.js';
import { REQUEST_ID_HEADER, requestIdFrom, withRequestScope } from '../observability/request-scope.js';
import type { TenantLimits } from '../rate-limit/tenant-limits.js';
import { pauseIfBusy } from './event-loop-turns.js';
import { holdBackForThisRun } from './grouped-writes.js';
import { type PersistedDocuments, resolveDocument } from './persisted-documents.js';
import { sharedJson } from './shared-subscription-execution.js';
import type { GatewayYoga } from './yoga.js';

/** graphql-ws convention: 4403 Forbidden for refused credentials. */
const FORBIDDEN = 4403;
/** A socket that does not answer a ping within this is dropped. */
const KEEP_ALIVE_MS = 12_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What graphql-ws keeps per connection besides its own state. */
interface Extra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  /** Set once `connection_init` was authenticated. */
  caller?: Caller;
  /** Ids of the operations running on this socket (subscriptions mostly). */
  readonly operations: Set<string>;
  /** Aborted when the socket closes: the operations' queued vendor calls are dropped. */
  readonly closed: AbortController;
}

export interface WebSocketOptions {
  authenticate: Authenticate;
  logger: Logger;
  limits: TenantLimits;
  /** LIMIT_SUBSCRIPTIONS_PER_CONNECTION: operations running at once on one socket. */
  maxOperationsPerConnection: number;
  /** LIMIT_FRAME_BYTES: a larger message closes the socket (1009, "Message Too Big"). */
  maxFrameBytes: number;
  /** PERSISTED_DOCUMENTS / PERSISTED_ONLY: ids resolved here, as yoga's plugin does for HTTP and SSE. */
  persistedDocuments: PersistedDocuments | null;
}

/**
 * graphql-ws on the same port and path as HTTP, running every operation through yoga's envelop so that
 * context, scopes, error masking and plugins are those of HTTP and SSE. graphql-ws' own `ws` adapter
 * logs with console.error and closes the whole socket when one message handler throws; this one logs
 * through pino, and a document that does not parse answers an error for that subscription only.
 */
export function attachGraphQLWebSocket(server: Server, yoga: GatewayYoga, opts: WebSocketOptions) {
  const { authenticate, logger, limits } = opts;
  const wss = new WebSocketServer({
    server,
    path: yoga.graphqlEndpoint,
    handleProtocols,
    maxPayload: opts.maxFrameBytes,
  });
  const graphqlWs = makeServer<Record<string, unknown> | undefined, Extra>({
    execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
    subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
    onConnect: async (ctx) => {
      try {
        ctx.extra.caller = await authenticate(ctx.connectionParams?.authorization);
      } catch {
        ctx.extra.socket.close(FORBIDDEN, 'Forbidden');
        return false;
      }
      closeWhenExpired(ctx.extra.socket, ctx.extra.caller.expiresAt);
      return true;
    },
    // A result shared by many subscribers goes out as its ready-made JSON text, spliced into the
    // message; graphql-ws then sends the placeholder that stands for it, which `send` drops.
    onNext: async (ctx, id, _payload, _args, result) => {
      const json = sharedJson(result);
      if (json === null) return;
      await sendText(
        ctx.extra.socket,
        ctx.extra.request.socket,
        `{"id":${JSON.stringify(id)},"type":"next","payload":${json}}`,
      );
      return ALREADY_SENT;
    },
    // An operation ends with `complete`, or with `error` when it failed after it was accepted.
    onComplete: (ctx, id) => void ctx.extra.operations.delete(id),
    onError: (ctx, id) => void ctx.extra.operations.delete(id),
    onSubscribe: async (ctx, id, payload) => {
      // A burst of subscriptions is set up over several turns of the event loop, so polls stay on time.
      await pauseIfBusy();
      const caller = ctx.extra.caller;
      // graphql-ws refuses `subscribe` before `connection_ack`, so a caller is always there.
      if (!caller) return [new GraphQLError('Unauthenticated', { extensions: { code: 'UNAUTHENTICATED' } })];
      if (ctx.extra.operations.size >= opts.maxOperationsPerConnection) {
        return [
          rateLimited(
            new RateLimitedError(
              'subscriptionsPerConnection',
              1000,
              `This connection already runs ${opts.maxOperationsPerConnection} operations; complete one or open another connection`,
            ),
          ),
        ];
      }
      try {
        await limits.consumeRequest(caller);
      } catch (error) {
        if (error instanceof RateLimitedError) return [rateLimited(error)];
        throw error;
      }
      const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
        req: ctx.extra.request,
        socket: ctx.extra.socket,
        params: payload,
        caller,
        signal: ctx.extra.closed.signal,
      });
      const resolved = opts.persistedDocuments
        ? resolveDocument(opts.persistedDocuments, payload)
        : { source: payload.query };
      if ('error' in resolved) return [resolved.error];
      let document: ReturnType<typeof parse>;
      try {
        document = parse(resolved.source);
      } catch (error) {
        return [error instanceof GraphQLError ? error : new GraphQLError('The document does not parse')];
      }
      const errors = validate(schema, document);
      if (errors.length > 0) return errors;
      ctx.extra.operations.add(id);
      return {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue: await contextFactory(),
        rootValue: { execute, subscribe } satisfies EnvelopedRoot,
      };
    },
  });

  wss.on('error', (err) => logger.error({ err }, 'websocket server error'));
  wss.on('connection', (socket, request) => {
    socket.once('error', (err) => {
      logger.warn({ err }, 'websocket error; closing the socket');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    const keepAlive = keepSocketAlive(socket);
    const extra: Extra = { socket, request, operations: new Set(), closed: new AbortController() };
    // One id per connection, the upgrade request's (kept or made): on the lines and vendor calls of
    // every message of this socket.
    const scope = { requestId: requestIdFrom(request.headers[REQUEST_ID_HEADER]) };
    const closed = graphqlWs.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          data.endsWith(ALREADY_SENT_SUFFIX) ? Promise.resolve() : sendText(socket, request.socket, data),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await withRequestScope(scope, () => handle(String(data)));
            } catch (err) {
              logger.error({ err }, 'graphql-ws message handling failed; closing the socket');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      extra,
    );
    socket.once('close', (code, reason) => {
      clearInterval(keepAlive);
      extra.closed.abort();
      void closed(code, String(reason));
    });
  });

  return {
    /** Closes every socket with `code` (their subscriptions end without `complete`) and the server. */
    async close(code: number, reason: string): Promise<void> {
      for (const socket of wss.clients) socket.close(code, reason);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * Stands for a `next` payload that `onNext` already sent. It serializes to a string, which no real
 * payload (always an object) is, so the message that carries it is recognized by its end alone.
 */
const ALREADY_SENT: FormattedExecutionResult & { toJSON(): string } = { toJSON: () => '\u0000sent' };
const ALREADY_SENT_SUFFIX = `"payload":${JSON.stringify('\u0000sent')}}`;

/** Sends one message; the messages of one run leave in groups (see grouped-writes.ts). */
function sendText(socket: WebSocket, tcp: Socket, data: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (socket.readyState !== socket.OPEN) return resolve();
    holdBackForThisRun(tcp);
    socket.send(data, (err) => (err ? reject(err) : resolve()));
  });
}

/** Pings every KEEP_ALIVE_MS and terminates a socket that missed the previous pong. */
function keepSocketAlive(socket: WebSocket): NodeJS.Timeout {
  let alive = true;
  socket.on('pong', () => {
    alive = true;
  });
  const timer = setInterval(() => {
    if (!alive) return void socket.terminate();
    alive = false;
    socket.ping();
  }, KEEP_ALIVE_MS);
  timer.unref();
  return timer;
}

/** A token's connection ends when the token does; the client reconnects with a fresh one. */
function closeWhenExpired(socket: WebSocket, expiresAt: Date | null): void {
  const remainingMs = expiresAt ? expiresAt.getTime() - Date.now() : Number.NaN;
  // No expiry (or one a Date cannot hold), or further than Node's timers can wait (2^31 - 1 ms, about
  // 24 days): such a token outlives any socket.
  if (Number.isNaN(remainingMs) || remainingMs > MAX_TIMER_MS) return;
  const timer = setTimeout(() => socket.close(FORBIDDEN, 'Token expired'), Math.max(0, remainingMs));
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

interface EnvelopedRoot {
  // biome-ignore lint/suspicious/noExplicitAny: envelop's execute/subscribe take graphql-js ExecutionArgs
  execute: (args: any) => any;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  subscribe: (args: any) => any;
}

function rateLimited(error: RateLimitedError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: 'RATE_LIMITED', limit: error.limit, retryAfterMs: error.retryAfterMs },
  });
}
