import {
  COLUMN_FILTER_OPERATORS,
  FILTER_TYPES,
  ROLLBACK_SQL_TYPES,
} from '../../vendors/aliyun-dms/data-track.js';
import { builder } from '../builder.js';
import { VENDOR_CALLS } from '../use-operation-limits.js';
import { IDEMPOTENCY_KEY_DESCRIPTION, withoutIdempotencyKey } from './idempotency.js';
import { TaskPayloadRef } from './task.js';

const RollbackSqlTypeEnum = builder.enumType('RollbackSqlType', {
  values: ROLLBACK_SQL_TYPES,
  description: 'REVERSE: undo SQL; FORWARD: redo SQL',
});
const DataTrackOperationEnum = builder.enumType('DataTrackOperation', { values: FILTER_TYPES });
const ColumnFilterOperatorEnum = builder.enumType('ColumnFilterOperator', {
  values: COLUMN_FILTER_OPERATORS,
});

const ColumnFilterInput = builder.inputType('ColumnFilterInput', {
  fields: (t) => ({
    columnName: t.string({ required: true }),
    operator: t.field({ type: ColumnFilterOperatorEnum, required: true }),
    value: t.string({ description: 'For EQUAL, NOT_EQUAL, LESS, MORE' }),
    inList: t.stringList({ description: 'For IN and NOT_IN' }),
    betweenStart: t.string({ description: 'For BETWEEN' }),
    betweenEnd: t.string({ description: 'For BETWEEN' }),
  }),
});

const StartDataTrackDownloadInput = builder.inputType('StartDataTrackDownloadInput', {
  description: 'Alibaba Cloud DMS DownloadDataTrackResult: the SQL of a data-tracking ticket as a file.',
  fields: (t) => ({
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
    orderId: t.string({ required: true, description: 'The data-tracking ticket id (int64, as a string)' }),
    rollbackSqlType: t.field({ type: RollbackSqlTypeEnum, defaultValue: 'REVERSE' }),
    filterStartTime: t.string({ description: 'yyyy-MM-dd HH:mm:ss' }),
    filterEndTime: t.string({ description: 'yyyy-MM-dd HH:mm:ss' }),
    filterTables: t.stringList(),
    filterTypes: t.field({ type: [DataTrackOperationEnum] }),
    columnFilter: t.field({ type: ColumnFilterInput }),
    eventIds: t.stringList({ description: 'Event ids (int64, as strings)' }),
    tenantId: t.string({ description: 'DMS tenant id (Tid)' }),
  }),
});

builder.mutationField('startDataTrackDownload', (t) =>
  t.field({
    type: TaskPayloadRef,
    authScopes: { scope: 'tasks:write' },
    extensions: { [VENDOR_CALLS]: 1 },
    description: 'Start a DMS data-track result download; subscribe to taskUpdated for the file URL.',
    args: { input: t.arg({ type: StartDataTrackDownloadInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { key, rest } = withoutIdempotencyKey(input);
      return { task: await ctx.services.tasks.start(ctx.actor, 'DATA_TRACK_DOWNLOAD', rest, key) };
    },
  }),
);
