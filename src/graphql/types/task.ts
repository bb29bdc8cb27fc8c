import { decodeGlobalID } from '@pothos/plugin-relay';
import { NotFoundError } from '../../errors.js';
import {
  TASK_KINDS,
  TASK_STATUSES,
  type TaskError,
  type TaskKind,
  type TaskRecord,
  type TaskTransition,
  VENDORS,
} from '../../tasks/model.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';

export const VendorEnum = builder.enumType('Vendor', { values: VENDORS });
export const TaskKindEnum = builder.enumType('TaskKind', { values: TASK_KINDS });
export const TaskStatusEnum = builder.enumType('TaskStatus', {
  values: TASK_STATUSES,
  description: 'Normalized task status. Terminal: SUCCEEDED, FAILED, EXPIRED, CANCELLED.',
});

const TYPE_BY_KIND: Record<TaskKind, string> = {
  PATENT_EXPORT: 'PatentExportTask',
  ENTERPRISE_REPORT: 'EnterpriseReportTask',
  DATA_TRACK_DOWNLOAD: 'DataTrackDownloadTask',
  QUERY_RESULT_DOWNLOAD: 'QueryResultDownloadTask',
};
const KIND_BY_TYPE = new Map(Object.entries(TYPE_BY_KIND).map(([kind, type]) => [type, kind as TaskKind]));

const TaskErrorRef = builder.objectRef<TaskError>('TaskError').implement({
  description: 'Why a task failed. A vendor failure is a value on the task, never a GraphQL error.',
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
    vendorCode: t.exposeString('vendorCode', { nullable: true }),
    retryable: t.exposeBoolean('retryable'),
  }),
});

const TaskTransitionRef = builder.objectRef<TaskTransition>('TaskTransition').implement({
  fields: (t) => ({
    status: t.expose('status', { type: TaskStatusEnum }),
    vendorStatus: t.exposeString('vendorStatus', { nullable: true }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

export const ExportTaskRef = builder.interfaceRef<TaskRecord>('ExportTask').implement({
  description: 'An asynchronous vendor export or download, followed by the gateway until it ends.',
  interfaces: [builder.nodeInterfaceRef()],
  resolveType: (task) => TYPE_BY_KIND[task.kind],
  fields: (t) => ({
    vendor: t.expose('vendor', { type: VendorEnum }),
    kind: t.expose('kind', { type: TaskKindEnum }),
    vendorTaskId: t.exposeString('vendorTaskId', {
      description: "The vendor's own id (int64 ids as strings).",
    }),
    status: t.expose('status', { type: TaskStatusEnum }),
    vendorStatus: t.exposeString('vendorStatus', { nullable: true }),
    queuePosition: t.exposeInt('queuePosition', { nullable: true }),
    itemCount: t.exposeInt('itemCount', { nullable: true }),
    downloadUrl: t.exposeString('downloadUrl', { nullable: true }),
    downloadExpiresAt: t.expose('downloadExpiresAt', { type: 'DateTime', nullable: true }),
    error: t.expose('error', { type: TaskErrorRef, nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    pollCount: t.exposeInt('pollCount'),
    history: t.expose('history', { type: [TaskTransitionRef] }),
  }),
});

async function loadTasksOfKind(kind: TaskKind, ids: string[], ctx: GraphQLContext) {
  const tasks = await ctx.loaders.task.loadMany(ids);
  return tasks.map((task) => (task && !(task instanceof Error) && task.kind === kind ? task : null));
}

for (const kind of TASK_KINDS) {
  builder.node(builder.objectRef<TaskRecord>(TYPE_BY_KIND[kind]), {
    interfaces: [ExportTaskRef],
    id: { resolve: (task) => task.id },
    isTypeOf: (value) => (value as TaskRecord).kind === kind,
    loadMany: (ids, ctx) => loadTasksOfKind(kind, ids, ctx),
    fields: () => ({}),
  });
}

/** Global id -> kind and internal id, or null for anything that is not one of our task ids. */
function decodeTaskId(globalId: string): { kind: TaskKind; id: string } | null {
  try {
    const { typename, id } = decodeGlobalID(globalId);
    const kind = KIND_BY_TYPE.get(typename);
    if (kind && id) return { kind, id };
  } catch {
    // not base64 of `Type:id`: not ours
  }
  return null;
}

/** Global id -> internal id; anything that is not one of our task ids is simply not found. */
export function parseTaskId(globalId: string): string {
  const decoded = decodeTaskId(globalId);
  if (!decoded) throw new NotFoundError();
  return decoded.id;
}

/**
 * `node(id:)`: the caller's task of that global id, or null, the Relay way, for anything else (another
 * tenant's task, an unknown id, a malformed one, a type that is not a task). Defined here instead of by
 * the Relay plugin, whose decoder throws on a malformed id and would answer an internal error.
 */
builder.queryField('node', (t) =>
  t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    authScopes: { scope: 'tasks:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const decoded = decodeTaskId(String(args.id));
      if (!decoded) return null;
      const task = await ctx.loaders.task.load(decoded.id);
      return task?.kind === decoded.kind ? task : null;
    },
  }),
);

/** Loads a task of the caller's tenant through the request's dataloader, or NOT_FOUND. */
export async function loadTask(ctx: GraphQLContext, globalId: string): Promise<TaskRecord> {
  const task = await ctx.loaders.task.load(parseTaskId(globalId));
  if (!task) throw new NotFoundError();
  return task;
}

export const TaskPayloadRef = builder.objectRef<{ task: TaskRecord }>('TaskPayload').implement({
  fields: (t) => ({ task: t.expose('task', { type: ExportTaskRef }) }),
});
