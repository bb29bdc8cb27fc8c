import type { EnumRef, InterfaceRef, ObjectRef } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { NotFoundError } from '../../errors.js';
import {
  TASK_STATUSES,
  type TaskError,
  type TaskRecord,
  type TaskStatus,
  type TaskTransition,
} from '../../tasks/model.js';
import type { TaskKindDefinition } from '../../vendors/module.js';
import type { Startable } from '../../vendors/types.js';
import type { GatewayBuilder, GatewayTypes } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { startMutation } from '../start-mutation.js';

/** The task types a vendor's GraphQL code builds on (its start mutations answer a TaskPayload). */
export interface TaskGraphQL {
  readonly ExportTask: InterfaceRef<GatewayTypes, TaskRecord>;
  readonly TaskPayload: TaskPayloadRef;
  readonly VendorEnum: StringEnum;
  readonly TaskKindEnum: StringEnum;
  readonly TaskStatusEnum: EnumRef<GatewayTypes, TaskStatus>;
  /** Global id -> internal id, or NOT_FOUND for anything that is not one of our task ids. */
  parseTaskId(globalId: string): string;
  /** A task of the caller's tenant through the request's dataloader, or NOT_FOUND. */
  loadTask(ctx: GraphQLContext, globalId: string): Promise<TaskRecord>;
  /** A `start…` mutation's field options for one operation (see graphql/start-mutation.ts). */
  startMutation<Input extends object>(startable: Startable<Input>): ReturnType<typeof startMutation<Input>>;
}

/**
 * The task model in GraphQL: the enums (from the vendor modules' kinds), the ExportTask interface, one
 * object type per task kind (each a Relay node), TaskPayload and `node`.
 */
export function registerTaskTypes(
  builder: GatewayBuilder,
  vendors: readonly string[],
  kinds: readonly TaskKindDefinition[],
): TaskGraphQL {
  const VendorEnum = builder.enumType('Vendor', { values: vendors });
  const TaskKindEnum = builder.enumType('TaskKind', {
    values: Object.fromEntries(kinds.map((k) => [k.kind, { description: k.description }])),
  });
  const TaskStatusEnum = builder.enumType('TaskStatus', {
    values: TASK_STATUSES,
    description: 'Normalized task status. Terminal: SUCCEEDED, FAILED, EXPIRED, CANCELLED.',
  });
  const typeOfKind = new Map(kinds.map((k) => [k.kind, k.typeName]));
  const kindOfType = new Map(kinds.map((k) => [k.typeName, k.kind]));

  const ExportTask = exportTaskRef(builder, VendorEnum, TaskKindEnum, TaskStatusEnum, (task) =>
    typeOfKind.get(task.kind),
  );
  for (const { kind, typeName } of kinds) {
    builder.node(builder.objectRef<TaskRecord>(typeName), {
      interfaces: [ExportTask],
      id: { resolve: (task) => task.id },
      isTypeOf: (value) => (value as TaskRecord).kind === kind,
      loadMany: async (ids, ctx) => {
        const tasks = await ctx.loaders.task.loadMany(ids);
        return tasks.map((task) => (task && !(task instanceof Error) && task.kind === kind ? task : null));
      },
      fields: () => ({}),
    });
  }

  /** Global id -> kind and internal id, or null for anything that is not one of our task ids. */
  const decodeTaskId = (globalId: string): { kind: string; id: string } | null => {
    try {
      const { typename, id } = decodeGlobalID(globalId);
      const kind = kindOfType.get(typename);
      if (kind && id) return { kind, id };
    } catch {
      // not base64 of `Type:id`: not ours
    }
    return null;
  };
  const parseTaskId = (globalId: string): string => {
    const decoded = decodeTaskId(globalId);
    if (!decoded) throw new NotFoundError();
    return decoded.id;
  };

  /**
   * `node(id:)`: the caller's task of that global id, or null, the Relay way, for anything else
   * (another tenant's task, an unknown id, a malformed one, a type that is not a task). Defined here
   * instead of by the Relay plugin, whose decoder throws on a malformed id (an internal error).
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

  const TaskPayload = taskPayloadRef(builder, ExportTask);
  const tasks: TaskGraphQL = {
    ExportTask,
    TaskPayload,
    VendorEnum,
    TaskKindEnum,
    TaskStatusEnum,
    parseTaskId,
    loadTask: async (ctx, globalId) => {
      const task = await ctx.loaders.task.load(parseTaskId(globalId));
      if (!task) throw new NotFoundError();
      return task;
    },
    startMutation: (startable) => startMutation(TaskPayload, startable),
  };
  return tasks;
}

type StringEnum = EnumRef<GatewayTypes, string>;
export type TaskPayloadRef = ObjectRef<GatewayTypes, { task: TaskRecord }>;

function exportTaskRef(
  builder: GatewayBuilder,
  VendorEnum: StringEnum,
  TaskKindEnum: StringEnum,
  TaskStatusEnum: EnumRef<GatewayTypes, TaskStatus>,
  typeNameOf: (task: TaskRecord) => string | undefined,
): InterfaceRef<GatewayTypes, TaskRecord> {
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
  return builder.interfaceRef<TaskRecord>('ExportTask').implement({
    description: 'An asynchronous vendor export or download, followed by the gateway until it ends.',
    interfaces: [builder.nodeInterfaceRef()],
    resolveType: (task) => typeNameOf(task) ?? null,
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
}

function taskPayloadRef(
  builder: GatewayBuilder,
  ExportTask: InterfaceRef<GatewayTypes, TaskRecord>,
): TaskPayloadRef {
  return builder.objectRef<{ task: TaskRecord }>('TaskPayload').implement({
    fields: (t) => ({ task: t.expose('task', { type: ExportTask }) }),
  });
}
