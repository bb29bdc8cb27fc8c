import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './types/task.js';
import './types/task-queries.js';
import './types/task-mutations.js';
import './types/task-subscriptions.js';
import './types/patent-export.js';
import './types/patent-search.js';
import './types/enterprise-report.js';
import './types/data-track-download.js';
import './types/query-result-download.js';
import './types/vendors.js';

export const schema = builder.toSchema();

/** The checked-in SDL: sorted so that moving code around never changes the file. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
