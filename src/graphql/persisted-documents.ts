import { createHash } from 'node:crypto';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError, parse } from 'graphql';
import type { GraphQLParams } from 'graphql-yoga';

/**
 * Trusted documents (PERSISTED_DOCUMENTS, PERSISTED_ONLY): a manifest `{ "<sha256 hex>": "<document>" }`
 * as GraphQL Code Generator's client preset writes it. A request names a document by `documentId` or
 * `extensions.persistedQuery.sha256Hash` (a `sha256:` prefix is accepted too: the preset's own default).
 * With `only`, document text is refused on every transport; yoga's plugin serves HTTP and SSE, and the
 * graphql-ws adapter calls `resolve` itself.
 */

/** Document text sent to a gateway that runs only trusted documents. */
export const PERSISTED_QUERY_ONLY = 'PERSISTED_QUERY_ONLY';
/** An id that is not in the manifest. */
export const PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND';

export class ManifestError extends Error {
  override name = 'ManifestError';
}

export interface PersistedDocuments {
  /** Document text is refused; only ids from the manifest run. */
  readonly only: boolean;
  /** The document for an id, or undefined. */
  get(id: string): string | undefined;
  readonly size: number;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** `sha256:<hex>` or `<hex>` -> `<hex>`; anything else stays as it is (and is found nowhere). */
function normalizeId(id: string): string {
  return id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
}

/**
 * Reads a manifest: every key must be the SHA-256 of its document and every document must parse, so a
 * hand-edited or truncated file stops start-up instead of failing requests later.
 */
export function parseManifest(json: string): Map<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ManifestError('is not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ManifestError('must be a JSON object { "<sha256 hex>": "<document>" }');
  }
  const documents = new Map<string, string>();
  for (const [key, document] of Object.entries(raw)) {
    const id = normalizeId(key);
    if (!SHA256_HEX.test(id)) throw new ManifestError(`key "${key}" is not a SHA-256 hex digest`);
    if (typeof document !== 'string' || document.trim() === '') {
      throw new ManifestError(`document ${id} is not a non-empty string`);
    }
    if (createHash('sha256').update(document).digest('hex') !== id) {
      throw new ManifestError(`document ${id} does not hash to its key`);
    }
    try {
      parse(document);
    } catch (error) {
      throw new ManifestError(`document ${id} does not parse: ${(error as Error).message}`);
    }
    documents.set(id, document);
  }
  if (documents.size === 0) throw new ManifestError('holds no document');
  return documents;
}

export function persistedDocuments(
  manifests: readonly ReadonlyMap<string, string>[],
  only: boolean,
): PersistedDocuments {
  const all = new Map<string, string>();
  for (const manifest of manifests) for (const [id, document] of manifest) all.set(id, document);
  return { only, size: all.size, get: (id) => all.get(normalizeId(id)) };
}

/** The id a request names: top-level `documentId`, or Apollo's `extensions.persistedQuery.sha256Hash`. */
export function documentIdOf(params: {
  documentId?: unknown;
  extensions?: Record<string, unknown> | null;
}): string | null {
  if (typeof params.documentId === 'string' && params.documentId !== '') return params.documentId;
  const persisted = params.extensions?.persistedQuery;
  if (typeof persisted === 'object' && persisted !== null && 'sha256Hash' in persisted) {
    const hash = persisted.sha256Hash;
    if (typeof hash === 'string' && hash !== '') return hash;
  }
  return null;
}

const textRefused = () =>
  new GraphQLError(
    'This gateway runs only trusted documents: send documentId (or extensions.persistedQuery.sha256Hash), not document text',
    { extensions: { code: PERSISTED_QUERY_ONLY, http: { status: 400 } } },
  );
const unknownId = () =>
  new GraphQLError('No trusted document has this id (documentId / persistedQuery.sha256Hash)', {
    extensions: { code: PERSISTED_QUERY_NOT_FOUND, http: { status: 400 } },
  });
const nothingSent = (only: boolean) =>
  only
    ? textRefused()
    : new GraphQLError(
        'Send a document (query) or the id of a trusted document (documentId or extensions.persistedQuery.sha256Hash)',
        { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
      );

/**
 * The document text of a graphql-ws `subscribe` payload (whose `query` graphql-ws requires to be a
 * string: an id-only client sends `""`), or the error that refuses it, as the HTTP plugin would.
 */
export function resolveDocument(
  documents: PersistedDocuments,
  payload: { query: string; documentId?: unknown; extensions?: Record<string, unknown> | null },
): { source: string } | { error: GraphQLError } {
  if (payload.query !== '') return documents.only ? { error: textRefused() } : { source: payload.query };
  const id = documentIdOf(payload);
  if (id === null) return { error: nothingSent(documents.only) };
  const source = documents.get(id);
  return source === undefined ? { error: unknownId() } : { source };
}

/** yoga's persisted-operations plugin over the manifest, for HTTP and SSE. */
export function usePersistedDocuments(documents: PersistedDocuments) {
  return usePersistedOperations({
    allowArbitraryOperations: !documents.only,
    getPersistedOperation: (id) => documents.get(id) ?? null,
    extractPersistedOperationId: (params: GraphQLParams & { documentId?: unknown }, request) =>
      documentIdOf(params) ?? new URL(request.url).searchParams.get('documentId'),
    customErrors: {
      persistedQueryOnly: () => textRefused(),
      notFound: () => unknownId(),
      keyNotFound: () => nothingSent(documents.only),
    },
  });
}
