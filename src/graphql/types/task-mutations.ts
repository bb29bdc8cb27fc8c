import { BadInputError } from '../../errors.js';
import type { TaskKindDefinition } from '../../vendors/module.js';
import type { GatewayBuilder } from '../builder.js';
import { VENDOR_CALLS } from '../use-operation-limits.js';
import { IDEMPOTENCY_KEY_DESCRIPTION, idempotencyKeyOf } from './idempotency.js';
import type { TaskGraphQL } from './task.js';

/** What a vendor adds to `trackTask`'s input: more string fields its tracker reads (e.g. a ticket id). */
export interface TrackFields {
  readonly vendor: string;
  readonly kinds: readonly TaskKindDefinition[];
  /** Field name -> its description. */
  readonly trackFields: Readonly<Record<string, string>>;
}

/** `trackTask`, `refreshTask` and `cancelTask`: what a client does with a task, whatever its vendor. */
export function registerTaskMutations(
  builder: GatewayBuilder,
  tasks: TaskGraphQL,
  vendors: readonly TrackFields[],
): void {
  const { TaskKindEnum, TaskPayload } = tasks;
  /** Each vendor-added field, and the kinds it applies to. */
  const extraFields = new Map(
    vendors.flatMap((vendor) =>
      Object.entries(vendor.trackFields).map(
        ([name, description]): [string, { description: string; kinds: Set<string> }] => [
          name,
          { description, kinds: new Set(vendor.kinds.map((k) => k.kind)) },
        ],
      ),
    ),
  );
  const TrackTaskInput = builder.inputType('TrackTaskInput', {
    description: 'Follow a task created outside the gateway.',
    fields: (t) => ({
      ...Object.fromEntries(
        [...extraFields].map(([name, { description }]) => [name, t.string({ description })]),
      ),
      kind: t.field({ type: TaskKindEnum, required: true }),
      vendorTaskId: t.string({
        required: true,
        description: vendors.flatMap((v) => v.kinds.map((k) => k.vendorTaskId)).join(', '),
      }),
      idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
    }),
  });

  /** The vendor-added fields given, as the tracker's params; one that is not its kind's is refused. */
  const trackParams = (kind: string, input: Record<string, unknown>): Record<string, string> => {
    const params: Record<string, string> = {};
    for (const [name, field] of extraFields) {
      const value = input[name];
      if (typeof value !== 'string') continue;
      if (!field.kinds.has(kind))
        throw new BadInputError(`input.${name}`, `${name} does not apply to ${kind}`);
      params[name] = value;
    }
    return params;
  };

  builder.mutationField('trackTask', (t) =>
    t.field({
      type: TaskPayload,
      authScopes: { scope: 'tasks:write' },
      extensions: { [VENDOR_CALLS]: 1 },
      args: { input: t.arg({ type: TrackTaskInput, required: true }) },
      resolve: async (_root, { input }, ctx) => {
        const task = await ctx.services.tasks.track(
          ctx.actor,
          input.kind,
          input.vendorTaskId.trim(),
          trackParams(input.kind, input),
          idempotencyKeyOf(input),
        );
        return { task };
      },
    }),
  );

  builder.mutationField('refreshTask', (t) =>
    t.field({
      type: TaskPayload,
      authScopes: { scope: 'tasks:write' },
      extensions: { [VENDOR_CALLS]: 1 },
      description: 'Poll the vendor now (joining a poll already in flight) and return the result.',
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => {
        const task = await tasks.loadTask(ctx, String(args.id));
        return { task: await ctx.services.tasks.refresh(ctx.tenant, task.id) };
      },
    }),
  );

  builder.mutationField('cancelTask', (t) =>
    t.field({
      type: TaskPayload,
      authScopes: { scope: 'tasks:write' },
      description:
        'Stop tracking a task: the gateway stops polling it and marks it CANCELLED. The vendors offer no ' +
        'cancel call for these operations, so the vendor task itself runs on. A task that already ended is ' +
        'returned as it is.',
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => {
        const task = await tasks.loadTask(ctx, String(args.id));
        return { task: await ctx.services.tasks.cancel(ctx.tenant, task.id) };
      },
    }),
  );
}
