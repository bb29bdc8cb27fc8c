import { BadInputError } from '../../errors.js';
import { encodeCursor } from '../../store/task-store.js';
import type { GatewayBuilder } from '../builder.js';
import type { TaskGraphQL } from './task.js';

const MAX_PAGE = 100;
const DEFAULT_PAGE = 20;

/** `task` and `tasks`: the caller's tasks, from the store. */
export function registerTaskQueries(builder: GatewayBuilder, tasks: TaskGraphQL): void {
  const { ExportTask, TaskStatusEnum, VendorEnum } = tasks;
  builder.queryField('task', (t) =>
    t.field({
      type: ExportTask,
      nullable: true,
      authScopes: { scope: 'tasks:read' },
      description: "One of the caller's tasks; NOT_FOUND for an unknown id (or another tenant's).",
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) => tasks.loadTask(ctx, String(args.id)),
    }),
  );

  builder.queryField('tasks', (t) =>
    t.connection({
      type: ExportTask,
      authScopes: { scope: 'tasks:read' },
      description: "The caller's tasks, newest first.",
      args: {
        status: t.arg({ type: [TaskStatusEnum] }),
        vendor: t.arg({ type: VendorEnum }),
      },
      resolve: async (_root, args, ctx) => {
        if (args.last != null || args.before != null) {
          throw new BadInputError('last', 'tasks pages forward only: use first and after');
        }
        const first = args.first ?? DEFAULT_PAGE;
        if (first < 0 || first > MAX_PAGE) {
          throw new BadInputError('first', `first must be between 0 and ${MAX_PAGE}`, MAX_PAGE);
        }
        const page = await ctx.services.tasks.list({
          tenant: ctx.tenant,
          first,
          after: args.after,
          statuses: args.status,
          vendor: args.vendor,
        });
        for (const task of page.tasks) ctx.loaders.task.prime(task.id, task);
        const edges = page.tasks.map((task) => ({ cursor: encodeCursor(task), node: task }));
        return {
          edges,
          pageInfo: {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: Boolean(args.after),
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
        };
      },
    }),
  );
}
