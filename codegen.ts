import { createHash } from 'node:crypto';
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents (client preset) for the operations the tests and the console send, each with a
 * persisted-documents manifest (`persisted-documents.json`, `{ "<sha256 hex>": "<document>" }`) that
 * the gateway trusts with PERSISTED_DOCUMENTS / PERSISTED_ONLY. Each document carries its hash in
 * `__meta__.hash`, so a client can send `documentId` instead of the text.
 */
/** Plain hex, as the manifest format of the contract says (the preset's own `sha256` adds a `sha256:` prefix). */
const sha256Hex = (document: string) => createHash('sha256').update(document).digest('hex');

const typedDocuments = {
  preset: 'client',
  presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: sha256Hex } },
  config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } },
} as const;

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  emitLegacyCommonJSImports: false,
  ignoreNoDocuments: true,
  generates: {
    'test/generated/': {
      ...typedDocuments,
      documents: ['test/**/*.ts', '!test/generated/**'],
    },
    // The console runs in a browser: documents as strings (TypedDocumentString), no graphql-js bundled.
    'console/generated/': {
      ...typedDocuments,
      documents: ['console/src/**/*.ts'],
      config: { ...typedDocuments.config, documentMode: 'string' },
    },
  },
};

export default config;
