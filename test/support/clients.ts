import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createParser } from 'eventsource-parser';
import { type ExecutionResult, print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface RequestOptions {
  token?: string;
  /** Send the document's id (`__meta__.hash` from codegen's persistedDocuments) instead of its text. */
  persisted?: boolean;
}

/** The trusted-document id GraphQL Code Generator embedded in a typed document. */
export function documentIdOf(document: object): string {
  const meta = '__meta__' in document ? document.__meta__ : undefined;
  const hash = typeof meta === 'object' && meta !== null && 'hash' in meta ? meta.hash : undefined;
  if (typeof hash !== 'string') throw new Error('the document has no __meta__.hash: run npm run codegen');
  return hash;
}

/** The HTTP/SSE body: the document's text, or (persisted) its id. */
function requestBody<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables | undefined,
  opts: RequestOptions,
): string {
  return JSON.stringify(
    opts.persisted
      ? { documentId: documentIdOf(document), variables }
      : { query: print(document), variables },
  );
}

function headers(opts: RequestOptions): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
    ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
  };
}

/** One GraphQL request over HTTP; returns the raw result (data and/or errors). */
export async function execute<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables?: TVariables,
  opts: RequestOptions = {},
): Promise<ExecutionResult<TResult> & { httpStatus: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: headers(opts),
    body: requestBody(document, variables, opts),
  });
  const body = (await response.json()) as ExecutionResult<TResult>;
  return { ...body, httpStatus: response.status };
}

/**
 * Like execute, but fails the test on any GraphQL error, saying which operation, with which
 * variables, got which errors (and the HTTP status), so that a failure reads without a debugger.
 */
export async function executeOk<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables?: TVariables,
  opts: RequestOptions = {},
): Promise<TResult> {
  const result = await execute(url, document, variables, opts);
  if (result.errors?.length || !result.data) {
    throw new Error(
      [
        `GraphQL errors (HTTP ${result.httpStatus}) for:`,
        print(document),
        `variables: ${JSON.stringify(variables ?? {})}`,
        `errors: ${JSON.stringify(result.errors, null, 2)}`,
      ].join('\n'),
    );
  }
  return result.data;
}

export function errorCodes(result: ExecutionResult<unknown>): unknown[] {
  return (result.errors ?? []).map((e) => e.extensions?.code);
}

/** A running subscription that records everything it receives. */
export interface Recorder<T> {
  events: T[];
  errors: unknown[];
  /** Resolves when the server completes the subscription (or rejects on error). */
  done: Promise<void>;
  /** Resolves with the first recorded event matching `predicate` (already received ones count). */
  waitFor(predicate: (event: T) => boolean): Promise<T>;
  stop(): void;
}

function recorder<T>(): Recorder<T> & { push(event: T): void; finish(error?: unknown): void } {
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters: { predicate: (event: T) => boolean; resolve: (event: T) => void }[] = [];
  let finish: (error?: unknown) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    finish = (error) => {
      if (error) {
        errors.push(error);
        reject(error);
      } else resolve();
    };
  });
  done.catch(() => {});
  return {
    events,
    errors,
    done,
    stop: () => {},
    push(event) {
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    },
    finish: (error) => finish(error),
    waitFor(predicate) {
      const found = events.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
  };
}

export function wsUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

/** Subscribe over graphql-ws; one client (socket) per call unless `client` is passed. */
export function subscribeWs<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  opts: RequestOptions & { client?: ReturnType<typeof createClient> } = {},
): Recorder<TResult> & { client: ReturnType<typeof createClient> } {
  const client =
    opts.client ??
    createClient({
      url: wsUrl(url),
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
    });
  const rec = recorder<TResult>();
  const unsubscribe = client.subscribe<TResult>(
    opts.persisted
      ? {
          // graphql-ws requires a string `query`; the id travels as Apollo's persisted-query extension.
          query: '',
          variables: variables as Record<string, unknown>,
          extensions: {
            persistedQuery: {
              version: 1,
              sha256Hash: documentIdOf(document),
            },
          },
        }
      : { query: print(document), variables: variables as Record<string, unknown> },
    {
      next: (value) => {
        if (value.errors?.length) rec.errors.push(value.errors);
        if (value.data) rec.push(value.data as TResult);
      },
      error: (error) => rec.finish(error),
      complete: () => rec.finish(),
    },
  );
  return {
    ...rec,
    client,
    stop: () => {
      unsubscribe();
      if (!opts.client) void client.dispose();
    },
  };
}

/** Subscribe over SSE (graphql-yoga's "distinct connections" mode) with plain fetch. */
export function subscribeSse<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  opts: RequestOptions = {},
): Recorder<TResult> & { status: Promise<number> } {
  const rec = recorder<TResult>();
  const controller = new AbortController();
  let setStatus: (status: number) => void = () => {};
  const status = new Promise<number>((resolve) => {
    setStatus = resolve;
  });
  void (async () => {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...headers(opts), accept: 'text/event-stream' },
        body: requestBody(document, variables, opts),
        signal: controller.signal,
      });
      setStatus(response.status);
      if (!response.headers.get('content-type')?.includes('text/event-stream')) {
        // A request refused before streaming (auth, validation) answers with a plain GraphQL result.
        const result = (await response.json()) as ExecutionResult<TResult>;
        if (result.errors?.length) rec.errors.push(result.errors);
        rec.finish();
        return;
      }
      if (!response.body) throw new Error('no body');
      let completed = false;
      const parser = createParser({
        onEvent: (event) => {
          if (event.event === 'complete') {
            completed = true;
            return;
          }
          const payload = JSON.parse(event.data) as ExecutionResult<TResult>;
          if (payload.errors?.length) rec.errors.push(payload.errors);
          if (payload.data) rec.push(payload.data);
        },
      });
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
      rec.finish(completed || rec.errors.length ? undefined : new Error('SSE stream ended without complete'));
    } catch (error) {
      if (controller.signal.aborted) rec.finish();
      else rec.finish(error);
    }
  })();
  return { ...rec, status, stop: () => controller.abort() };
}

/** Sum of a Prometheus counter's samples matching all given labels, read from /metrics. */
export async function metricValue(
  origin: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (matches) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
