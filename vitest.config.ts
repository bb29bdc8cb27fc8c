import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql-js ships ESM and CJS builds; yoga loads the CJS one. Pin a single copy so that
  // GraphQLError and schema objects are the same class for the app, the tests and yoga.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
