import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';

/**
 * The request a piece of work is done for, carried through async calls (AsyncLocalStorage) so that its
 * id reaches every log line and vendor call it causes without every signature passing it along. Set
 * per HTTP request (app.ts) and per graphql-ws message (websocket.ts); absent for background work
 * (polls), whose lines carry the task id instead.
 */
export interface RequestScope {
  readonly requestId: string;
}

/** Request and response header of the id; also sent with the vendor calls a request causes. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * An incoming id is kept when it is short and plain (it goes into log lines, response headers and
 * vendor requests); anything else is replaced, never echoed.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

const storage = new AsyncLocalStorage<RequestScope>();

/** The caller's `x-request-id` when it is safe to reuse, else a new one. */
export function requestIdFrom(header: string | readonly string[] | null | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return typeof value === 'string' && SAFE_REQUEST_ID.test(value) ? value : randomUUID();
}

export function withRequestScope<T>(scope: RequestScope, run: () => T): T {
  return storage.run(scope, run);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/**
 * `logger` with `requestId` on every line logged inside a request scope: yoga's own lines, the task
 * service's, the vendor calls', whoever logs; and `traceId` on every line logged inside a span when
 * traces are on (a poll's lines too), so that a log line leads to its trace. A pino log formatter
 * rather than a child per request, so code that holds the app's logger needs no per-request logger
 * handed to it. (It takes the place of a `formatters.log` the given logger may have had.)
 */
export function withRequestIds(logger: Logger): Logger {
  return logger.child(
    {},
    {
      formatters: {
        log: (object) => {
          const requestId = currentRequestId();
          const traceId = activeTraceId();
          if (requestId === undefined && traceId === undefined) return object;
          return {
            ...(requestId === undefined ? {} : { requestId }),
            ...(traceId === undefined ? {} : { traceId }),
            ...object,
          };
        },
      },
    },
  );
}

/** Without a registered OpenTelemetry SDK there is never an active span: undefined. */
function activeTraceId(): string | undefined {
  const spanContext = trace.getSpanContext(context.active());
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}
