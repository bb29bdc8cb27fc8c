import type { GatewayBuilder } from '../../../graphql/builder.js';
import type { StartMutationInput } from '../../../graphql/start-mutation.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../../graphql/types/idempotency.js';
import type { TaskGraphQL } from '../../../graphql/types/task.js';
import type { Startable } from '../../types.js';
import type { StartPatentExportInput } from '../export-input.js';

/** `startPatentExport` (P055 create) and its input's enums. */
export function registerPatentExport(
  builder: GatewayBuilder,
  tasks: TaskGraphQL,
  startable: Startable<StartPatentExportInput>,
): void {
  const ExportTypeEnum = builder.enumType('PatentExportType', {
    values: {
      JSON: {},
      CSV: {},
      XLS: {},
      PDF: { description: 'at most 1,000 rows; CLMS allowed' },
      FULL_TEXT: {
        description: 'ZIP of XML per patent; fields PN, ABST, CLMS, DESC only; at most 1,000 rows',
      },
      XML: {},
    },
  });
  const CollapseTypeEnum = builder.enumType('PatentCollapseType', {
    values: ['ALL', 'APNO', 'DOCDB', 'INPADOC', 'EXTEND'] as const,
  });
  const CollapseByEnum = builder.enumType('PatentCollapseBy', {
    values: ['APD', 'PBD', 'AUTHORITY', 'SCORE'] as const,
  });
  const CollapseOrderEnum = builder.enumType('PatentCollapseOrder', {
    values: ['OLDEST', 'LATEST'] as const,
  });

  const StartPatentExportInput = builder
    .inputRef<StartPatentExportInput & StartMutationInput>('StartPatentExportInput')
    .implement({
      description:
        'PatSnap P055 "create export task by query". Limits are checked before the vendor is called.',
      fields: (t) => ({
        idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
        queryText: t.string({ required: true, description: 'Search expression, at most 2,000 characters' }),
        fields: t.stringList({
          required: true,
          description: 'Export field codes, e.g. ["PN", "APNO", "TITLE"]',
        }),
        exportType: t.field({ type: ExportTypeEnum, required: true }),
        rows: t.int({ required: true, description: '1..100,000 (1..1,000 for PDF and FULL_TEXT)' }),
        offset: t.int({ description: 'rows + offset <= 100,000' }),
        applicationDateFrom: t.string({ description: 'yyyyMMdd or *' }),
        applicationDateTo: t.string({ description: 'yyyyMMdd or *' }),
        publicationDateFrom: t.string({ description: 'yyyyMMdd or *' }),
        publicationDateTo: t.string({ description: 'yyyyMMdd or *' }),
        collapseType: t.field({ type: CollapseTypeEnum }),
        collapseBy: t.field({ type: CollapseByEnum }),
        collapseOrder: t.field({ type: CollapseOrderEnum }),
        lang: t.string({ description: 'cn, en, jp, de, fr, kr' }),
        transLang: t.string({ description: 'cn, en, jp' }),
        stemming: t.boolean(),
      }),
    });

  builder.mutationField('startPatentExport', (t) =>
    t.field({
      ...tasks.startMutation(startable),
      description: 'Start a PatSnap patent export; subscribe to taskUpdated for its progress.',
      args: { input: t.arg({ type: StartPatentExportInput, required: true }) },
    }),
  );
}
