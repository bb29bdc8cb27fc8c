import { readFileSync, writeFileSync } from 'node:fs';
import { defaultSchema } from '../src/graphql/default-schema.js';
import { printSortedSchema } from '../src/graphql/schema.js';

// `npm run schema` writes schema/schema.graphql; `npm run schema:check` fails when it is stale.
const path = new URL('../schema/schema.graphql', import.meta.url);
const printed = printSortedSchema(defaultSchema());
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== printed) {
    console.error('schema/schema.graphql is stale: run `npm run schema` and commit the result.');
    process.exit(1);
  }
  console.log('schema/schema.graphql is current.');
} else {
  writeFileSync(path, printed);
  console.log('wrote schema/schema.graphql');
}
