import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import type { ConnectedVendor } from '../vendors/module.js';
import { createBuilder } from './builder.js';
import { registerTaskTypes } from './types/task.js';
import { registerTaskMutations } from './types/task-mutations.js';
import { registerTaskQueries } from './types/task-queries.js';
import { registerTaskSubscriptions } from './types/task-subscriptions.js';
import { registerVendorQuery } from './types/vendors.js';

/**
 * A gateway's schema: the core types and fields (tasks, their queries, mutations and subscriptions,
 * `vendors`), then each vendor's own types and start mutations, in the order of the vendor list.
 */
export function buildSchema(vendors: readonly ConnectedVendor[]): GraphQLSchema {
  const builder = createBuilder();
  const tasks = registerTaskTypes(
    builder,
    vendors.map((v) => v.vendor),
    vendors.flatMap((v) => v.kinds),
  );
  registerTaskQueries(builder, tasks);
  registerTaskMutations(builder, tasks, vendors);
  registerTaskSubscriptions(builder, tasks);
  registerVendorQuery(builder, tasks);
  for (const vendor of vendors) vendor.registerGraphQL(builder, tasks);
  return builder.toSchema();
}

/** The checked-in SDL: sorted so that moving code around never changes the file. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
