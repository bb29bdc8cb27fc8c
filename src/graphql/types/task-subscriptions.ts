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
 * One `taskUpdated` subscription: its listeners, its budget, and its stream. A class with methods
 * rather than a handful of closures, because there are tens of thousands of these at once.
 */
class TaskWatch {
  #stream: TaskStream | null = null;
  /** Changes that arrived before the current state was read (delivered after it, if newer). */
  #early: TaskRecord[] | null = null;
  #stopEvents: () => void = noop;
  #stopResync: () => void = noop;
  #release: () => void = noop;

  constructor(
    private readonly ctx: GraphQLContext,
    private readonly id: string,
  ) {}

  /**
   * The current state first, then every change (newest state only, for slow consumers), and
   * completion after a terminal state. We listen before reading so that no change can fall
   * between the read and the first event; an unknown id fails here, before the stream starts,
   * so that it answers NOT_FOUND as a plain GraphQL error on every transport.
   */
  async open(): Promise<TaskStream> {
    const { events, tasks } = this.ctx.services;
    this.#stopEvents = events.onTask(this.ctx.tenant, this.id, this.deliver);
    // After lost messages (a pub/sub reconnect) the stored state is re-read; the stream's version
    // check drops it when nothing changed.
    this.#stopResync = events.onResync(this.reread);
    let current: TaskRecord;
    try {
      current = await tasks.get(this.ctx.tenant, this.id);
      this.#release = await openSubscription(this.ctx);
    } catch (error) {
      this.#unlisten();
      throw error;
    }
    const stream = new TaskStream({ first: current, singleTask: true, onEnd: this.end });
    this.#stream = stream;
    for (const task of this.#early ?? []) stream.push(task);
    this.#early = null;
    return stream;
  }

  private readonly deliver = (task: TaskRecord): void => {
    if (this.#stream) {
      this.#stream.push(task);
      return;
    }
    this.#early ??= [];
    this.#early.push(task);
  };

  private readonly reread = (): void => {
    this.ctx.services.tasks.get(this.ctx.tenant, this.id).then(this.deliver, noop);
  };

  private readonly end = (): void => {
    this.#unlisten();
    this.#release();
  };

  #unlisten(): void {
    this.#stopEvents();
    this.#stopResync();
  }
}

function noop(): void {}

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
      subscribe: (_root, args, ctx) => new TaskWatch(ctx, tasks.parseTaskId(String(args.id))).open(),
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
