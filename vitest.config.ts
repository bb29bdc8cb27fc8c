import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql-js ships ESM and CJS builds; yoga loads the CJS one. Pin a single copy so that
  // GraphQLError and schema objects are the same class for the app, the tests and yoga.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    // The console's assets (dist/console-assets/) are served by every gateway the tests start.
    globalSetup: ['test/support/build-console.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one, on a 2-core machine, where the suite then
    // runs file after file. The tests wait for events, not for time, so they take a loaded machine.
    maxWorkers: '100%',
  },
});
