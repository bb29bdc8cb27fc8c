import { LatestValueQueue } from '../../events/latest-queue.js';
import { isTerminal, type TaskRecord } from '../../tasks/model.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { ExportTaskRef, parseTaskId, TaskStatusEnum, VendorEnum } from './task.js';

/**
 * The current state first, then every change (newest state only, for slow consumers), and
 * completion after a terminal state. We listen before reading so that no change can fall
 * between the read and the first event; an unknown id fails here, before the stream starts,
 * so that it answers NOT_FOUND as a plain GraphQL error on every transport.
 */
async function openTaskStream(ctx: GraphQLContext, globalId: string): Promise<AsyncGenerator<TaskRecord>> {
  const id = parseTaskId(globalId);
  const queue = new LatestValueQueue<TaskRecord>((task) => task.id);
  const stopEvents = ctx.services.events.onTask(ctx.tenant, id, (task) => queue.push(task));
  // After lost messages (a pub/sub reconnect) the stored state is re-read; the stream's version
  // check drops it when nothing changed.
  const stopResync = ctx.services.events.onResync(() => {
    ctx.services.tasks.get(ctx.tenant, id).then(
      (task) => queue.push(task),
      () => {},
    );
  });
  const unsubscribe = () => {
    stopEvents();
    stopResync();
  };
  let current: TaskRecord;
  try {
    current = await ctx.services.tasks.get(ctx.tenant, id);
  } catch (error) {
    unsubscribe();
    throw error;
  }
  return streamTask(ctx, current, queue, unsubscribe);
}

async function* streamTask(
  ctx: GraphQLContext,
  current: TaskRecord,
  queue: LatestValueQueue<TaskRecord>,
  unsubscribe: () => void,
): AsyncGenerator<TaskRecord> {
  ctx.services.streams.add(queue);
  ctx.services.metrics.subscriptionsActive.inc();
  try {
    yield current;
    if (isTerminal(current.status)) return;
    let version = current.version;
    for await (const task of queue) {
      if (task.version <= version) continue;
      version = task.version;
      yield task;
      if (isTerminal(task.status)) return;
    }
  } finally {
    unsubscribe();
    queue.close();
    ctx.services.streams.delete(queue);
    ctx.services.metrics.subscriptionsActive.dec();
  }
}

async function* watchTenant(
  ctx: GraphQLContext,
  filter: (task: TaskRecord) => boolean,
): AsyncGenerator<TaskRecord> {
  const queue = new LatestValueQueue<TaskRecord>((task) => task.id);
  const unsubscribe = ctx.services.events.onTenant(ctx.tenant, (task) => {
    if (filter(task)) queue.push(task);
  });
  ctx.services.streams.add(queue);
  ctx.services.metrics.subscriptionsActive.inc();
  try {
    yield* queue;
  } finally {
    unsubscribe();
    queue.close();
    ctx.services.streams.delete(queue);
    ctx.services.metrics.subscriptionsActive.dec();
  }
}

builder.subscriptionField('taskUpdated', (t) =>
  t.field({
    type: ExportTaskRef,
    description: 'The task now, then each change; completes after a terminal state.',
    authScopes: { scope: 'tasks:read' },
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => openTaskStream(ctx, String(args.id)),
    resolve: (task) => task,
  }),
);

builder.subscriptionField('tasksUpdated', (t) =>
  t.field({
    type: ExportTaskRef,
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
