import { type Client, createClient } from 'graphql-ws';
import type { TypedDocumentString } from '../generated/graphql.js';

/**
 * The console's two transports: HTTP (fetch) for queries and mutations, graphql-ws for the live task
 * list. Both send the document's trusted id instead of its text when the gateway runs trusted
 * documents (the page's `gateway-persisted-documents` meta says so), so the console works with
 * PERSISTED_ONLY=true as well as without a manifest.
 */

export interface GatewayErrorDetail {
  message: string;
  code?: string;
}

export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly errors: readonly GatewayErrorDetail[],
    readonly httpStatus?: number,
  ) {
    super(errors.map((e) => (e.code ? `${e.message} (${e.code})` : e.message)).join('; '));
  }
}

export interface ApiOptions {
  /** Same-origin GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  endpoint: string;
  /** Send `documentId` (the manifest hash) instead of the document text. */
  persisted: boolean;
  /** The API key or token for `Authorization: Bearer …`; empty with AUTH=none. */
  credential: () => string;
}

type Variables = Record<string, unknown>;

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: unknown } }[];
}

function details(
  errors: readonly { message: string; extensions?: { code?: unknown } }[],
): GatewayErrorDetail[] {
  return errors.map((e) => ({
    message: e.message,
    ...(typeof e.extensions?.code === 'string' ? { code: e.extensions.code } : {}),
  }));
}

function documentId(document: TypedDocumentString<unknown, never>): string {
  const hash: unknown = document.__meta__?.hash;
  if (typeof hash !== 'string') throw new Error('document without a trusted id: run npm run codegen');
  return hash;
}

/** The request parameters: the text, or (trusted documents) the id. */
function params(persisted: boolean, document: TypedDocumentString<unknown, never>, variables: Variables) {
  return persisted
    ? { documentId: documentId(document), variables }
    : { query: document.toString(), variables };
}

export function createApi(options: ApiOptions) {
  const authorization = () => {
    const credential = options.credential().trim();
    return credential ? `Bearer ${credential}` : undefined;
  };

  async function request<TResult, TVariables extends Variables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
  ): Promise<TResult> {
    const auth = authorization();
    const response = await fetch(options.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(auth ? { authorization: auth } : {}),
      },
      body: JSON.stringify(params(options.persisted, document, variables)),
    });
    if (response.status === 401) {
      throw new GatewayError([{ message: 'The gateway refused the key', code: 'UNAUTHENTICATED' }], 401);
    }
    // A proxy's error page, a 413 or a gateway shutting down may answer something other than GraphQL.
    if (!(response.headers.get('content-type') ?? '').includes('json')) {
      throw new GatewayError([{ message: `The gateway answered HTTP ${response.status}` }], response.status);
    }
    const body = (await response.json()) as GraphQLResponse<TResult>;
    if (body.errors?.length) throw new GatewayError(details(body.errors), response.status);
    if (!body.data)
      throw new GatewayError([{ message: `No data (HTTP ${response.status})` }], response.status);
    return body.data;
  }

  return { request };
}

export interface LiveOptions {
  endpoint: string;
  persisted: boolean;
  credential: () => string;
  /** Each (re)connection: the caller fetches the current state, since events were missed meanwhile. */
  onConnected: () => void;
  /** The socket closed; `retrying` false when the gateway refused the credential (4403). */
  onDisconnected: (retrying: boolean) => void;
}

/** graphql-ws close code for a refused credential: retrying with the same key cannot help. */
const FORBIDDEN = 4403;
const MAX_RETRY_WAIT_MS = 5_000;

/**
 * A graphql-ws client that reconnects for as long as the page is open (a gateway restart closes with
 * 1012, then refuses connections for a moment) and re-subscribes its operations on each connection.
 */
export function createLive(options: LiveOptions): Client {
  const url = new URL(options.endpoint);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  let refused = false;
  return createClient({
    url: url.toString(),
    lazy: false,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: (event) => {
      refused = isCloseEvent(event) && event.code === FORBIDDEN;
      return !refused;
    },
    // 0.5 s, 1 s, 2 s, … up to 5 s, with jitter so that many open pages do not return at once.
    retryWait: (retries) =>
      new Promise((resolve) =>
        setTimeout(resolve, Math.min(MAX_RETRY_WAIT_MS, 500 * 2 ** retries) * (0.8 + Math.random() * 0.4)),
      ),
    connectionParams: () => {
      const credential = options.credential().trim();
      return credential ? { authorization: `Bearer ${credential}` } : {};
    },
    on: {
      connected: () => {
        refused = false;
        options.onConnected();
      },
      closed: () => options.onDisconnected(!refused),
    },
  });
}

function isCloseEvent(value: unknown): value is { code: number } {
  return typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'number';
}

/** Subscribes `document` on `client` by text or id; returns the function that stops it. */
export function subscribe<TResult, TVariables>(
  client: Client,
  persisted: boolean,
  document: TypedDocumentString<TResult, TVariables>,
  sink: { next: (data: TResult) => void; error: (error: GatewayError) => void },
): () => void {
  const payload = persisted
    ? {
        // graphql-ws requires a string `query`: empty, the id names the document.
        query: '',
        extensions: { persistedQuery: { version: 1, sha256Hash: documentId(document) } },
      }
    : { query: document.toString() };
  return client.subscribe<TResult>(payload, {
    next: (result) => {
      if (result.errors?.length) sink.error(new GatewayError(details(result.errors)));
      if (result.data) sink.next(result.data);
    },
    error: (error) => {
      if (Array.isArray(error)) sink.error(new GatewayError(details(error)));
    },
    complete: () => {},
  });
}
