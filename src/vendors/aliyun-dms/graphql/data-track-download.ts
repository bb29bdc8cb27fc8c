import type { GatewayBuilder } from '../../../graphql/builder.js';
import type { StartMutationInput } from '../../../graphql/start-mutation.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../../graphql/types/idempotency.js';
import type { TaskGraphQL } from '../../../graphql/types/task.js';
import type { Startable } from '../../types.js';
import {
  COLUMN_FILTER_OPERATORS,
  FILTER_TYPES,
  ROLLBACK_SQL_TYPES,
  type StartDataTrackDownloadInput,
} from '../data-track.js';

/** `startDataTrackDownload` (DMS DownloadDataTrackResult) and its input's types. */
export function registerDataTrackDownload(
  builder: GatewayBuilder,
  tasks: TaskGraphQL,
  startable: Startable<StartDataTrackDownloadInput>,
): void {
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

  const StartDataTrackDownloadInput = builder
    .inputRef<StartDataTrackDownloadInput & StartMutationInput>('StartDataTrackDownloadInput')
    .implement({
      description: 'Alibaba Cloud DMS DownloadDataTrackResult: the SQL of a data-tracking ticket as a file.',
      fields: (t) => ({
        idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
        orderId: t.string({
          required: true,
          description: 'The data-tracking ticket id (int64, as a string)',
        }),
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
      ...tasks.startMutation(startable),
      description: 'Start a DMS data-track result download; subscribe to taskUpdated for the file URL.',
      args: { input: t.arg({ type: StartDataTrackDownloadInput, required: true }) },
    }),
  );
}
