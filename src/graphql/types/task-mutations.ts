import { builder } from '../builder.js';
import { VENDOR_CALLS } from '../use-operation-limits.js';
import { IDEMPOTENCY_KEY_DESCRIPTION, withoutIdempotencyKey } from './idempotency.js';
import { loadTask, TaskKindEnum, TaskPayloadRef } from './task.js';

const TrackTaskInput = builder.inputType('TrackTaskInput', {
  description: 'Follow a task created outside the gateway.',
  fields: (t) => ({
    kind: t.field({ type: TaskKindEnum, required: true }),
    vendorTaskId: t.string({
      required: true,
      description: 'task_id (export), job_id (report), DownloadKeyId (DMS), DownloadId (DLC)',
    }),
    orderId: t.string({ description: 'DMS ticket (order) id; required for DATA_TRACK_DOWNLOAD' }),
    tenantId: t.string({ description: 'DMS tenant id (Tid), for DATA_TRACK_DOWNLOAD' }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

builder.mutationField('trackTask', (t) =>
  t.field({
    type: TaskPayloadRef,
    authScopes: { scope: 'tasks:write' },
    extensions: { [VENDOR_CALLS]: 1 },
    args: { input: t.arg({ type: TrackTaskInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { key, rest } = withoutIdempotencyKey(input);
      const params: Record<string, string> = {};
      if (rest.orderId) params.orderId = rest.orderId;
      if (rest.tenantId) params.tid = rest.tenantId;
      const task = await ctx.services.tasks.track(
        ctx.actor,
        rest.kind,
        rest.vendorTaskId.trim(),
        params,
        key,
      );
      return { task };
    },
  }),
);

builder.mutationField('refreshTask', (t) =>
  t.field({
    type: TaskPayloadRef,
    authScopes: { scope: 'tasks:write' },
    extensions: { [VENDOR_CALLS]: 1 },
    description: 'Poll the vendor now (joining a poll already in flight) and return the result.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const task = await loadTask(ctx, String(args.id));
      return { task: await ctx.services.tasks.refresh(ctx.tenant, task.id) };
    },
  }),
);

builder.mutationField('cancelTask', (t) =>
  t.field({
    type: TaskPayloadRef,
    authScopes: { scope: 'tasks:write' },
    description:
      'Stop tracking a task: the gateway stops polling it and marks it CANCELLED. The vendors offer no ' +
      'cancel call for these operations, so the vendor task itself runs on. A task that already ended is ' +
      'returned as it is.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const task = await loadTask(ctx, String(args.id));
      return { task: await ctx.services.tasks.cancel(ctx.tenant, task.id) };
    },
  }),
);
