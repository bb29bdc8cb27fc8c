import type { TaskRecord } from '../tasks/model.js';
import type { Startable } from '../vendors/types.js';
import type { GraphQLContext } from './context.js';
import { idempotencyKeyOf } from './types/idempotency.js';
import type { TaskPayloadRef } from './types/task.js';
import { VENDOR_CALLS } from './use-operation-limits.js';

/** A start input as GraphQL hands it over: the operation's own fields and the idempotencyKey. */
export type StartMutationInput = { idempotencyKey?: string | null };

/**
 * Everything of a `start…` mutation field but its name, description and input argument: the answer
 * type, the scope `tasks:write`, one vendor call in the operation's cost, and the resolver that hands
 * the input, typed as the operation takes it, to the task service. A vendor module writes
 *
 *   builder.mutationField('startX', (t) => t.field({
 *     ...tasks.startMutation(startable),
 *     description: '…',
 *     args: { input: t.arg({ type: StartXInput, required: true }) },
 *   }));
 */
export function startMutation<Input extends object>(
  TaskPayload: TaskPayloadRef,
  startable: Startable<Input>,
) {
  return {
    type: TaskPayload,
    authScopes: { scope: 'tasks:write' as const },
    extensions: { [VENDOR_CALLS]: 1 },
    resolve: async (
      _root: unknown,
      { input }: { input: Input & StartMutationInput },
      ctx: GraphQLContext,
    ): Promise<{ task: TaskRecord }> => ({
      task: await ctx.services.tasks.start(ctx.actor, startable, input, idempotencyKeyOf(input)),
    }),
  };
}
