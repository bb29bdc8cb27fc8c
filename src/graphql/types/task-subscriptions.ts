import { TaskStream } from '../../events/task-stream.js';
import type { TaskRecord } from '../../tasks/model.js';
import type { GatewayBuilder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import type { TaskGraphQL } from './task.js';

/**
 * Counts the subscription against its tenant's budget and the gauge; the returned function undoes
 * both and is what a stream runs when it ends.
 */
async function openSubscription(ctx: GraphQLContext): Promise<() => void> {
  const release = await ctx.services.limits.openSubscription(ctx.caller);
  ctx.services.metrics.subscriptionsActive.inc();
  return () => {
    release();
    ctx.services.metrics.subscriptionsActive.dec();
  };
}

/**
 * The current state first, then every change (newest state only, for slow consumers), and
 * completion after a terminal state. We listen before reading so that no change can fall
 * between the read and the first event; an unknown id fails here, before the stream starts,
 * so that it answers NOT_FOUND as a plain GraphQL error on every transport.
 */
async function openTaskStream(ctx: GraphQLContext, id: string): Promise<TaskStream> {
  const pending: TaskRecord[] = [];
  let stream: TaskStream | null = null;
  const deliver = (task: TaskRecord) => (stream ? stream.push(task) : pending.push(task));
  const stopEvents = ctx.services.events.onTask(ctx.tenant, id, deliver);
  // After lost messages (a pub/sub reconnect) the stored state is re-read; the stream's version
  // check drops it when nothing changed.
  const stopResync = ctx.services.events.onResync(() => {
    ctx.services.tasks.get(ctx.tenant, id).then(deliver, () => {});
  });
  const unsubscribe = () => {
    stopEvents();
    stopResync();
  };
  let current: TaskRecord;
  let close: () => void;
  try {
    current = await ctx.services.tasks.get(ctx.tenant, id);
    close = await openSubscription(ctx);
  } catch (error) {
    unsubscribe();
    throw error;
  }
  stream = new TaskStream({
    first: current,
    singleTask: true,
    onEnd: () => {
      unsubscribe();
      close();
    },
  });
  for (const task of pending) stream.push(task);
  return stream;
}

async function watchTenant(ctx: GraphQLContext, filter: (task: TaskRecord) => boolean): Promise<TaskStream> {
  const close = await openSubscription(ctx);
  let stopEvents = () => {};
  const stream = new TaskStream({
    singleTask: false,
    onEnd: () => {
      stopEvents();
      close();
    },
  });
  stopEvents = ctx.services.events.onTenant(ctx.tenant, (task) => {
    if (filter(task)) stream.push(task);
  });
  return stream;
}

/** `taskUpdated` and `tasksUpdated`: snapshots pushed as the poller records them. */
export function registerTaskSubscriptions(builder: GatewayBuilder, tasks: TaskGraphQL): void {
  const { ExportTask, TaskStatusEnum, VendorEnum } = tasks;
  builder.subscriptionField('taskUpdated', (t) =>
    t.field({
      type: ExportTask,
      description: 'The task now, then each change; completes after a terminal state.',
      authScopes: { scope: 'tasks:read' },
      args: { id: t.arg.id({ required: true }) },
      subscribe: (_root, args, ctx) => openTaskStream(ctx, tasks.parseTaskId(String(args.id))),
      resolve: (task) => task,
    }),
  );

  builder.subscriptionField('tasksUpdated', (t) =>
    t.field({
      type: ExportTask,
      description: "Every change of the caller's tasks, optionally filtered.",
      authScopes: { scope: 'tasks:read' },
      args: {
        status: t.arg({ type: [TaskStatusEnum] }),
        vendor: t.arg({ type: VendorEnum }),
      },
      subscribe: (_root, args, ctx) =>
        watchTenant(
          ctx,
          (task) =>
            (!args.status?.length || args.status.includes(task.status)) &&
            (!args.vendor || task.vendor === args.vendor),
        ),
      resolve: (task) => task,
    }),
  );
}
