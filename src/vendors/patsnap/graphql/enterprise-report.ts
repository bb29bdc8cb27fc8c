import type { GatewayBuilder } from '../../../graphql/builder.js';
import type { StartMutationInput } from '../../../graphql/start-mutation.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../../graphql/types/idempotency.js';
import type { TaskGraphQL } from '../../../graphql/types/task.js';
import type { Startable } from '../../types.js';
import { REPORT_TYPES, type StartEnterpriseReportInput } from '../report.js';

/** `startEnterpriseReport` (R001 create). */
export function registerEnterpriseReport(
  builder: GatewayBuilder,
  tasks: TaskGraphQL,
  startable: Startable<StartEnterpriseReportInput>,
): void {
  const ReportTypeEnum = builder.enumType('EnterpriseReportType', { values: REPORT_TYPES });

  const StartEnterpriseReportInput = builder
    .inputRef<StartEnterpriseReportInput & StartMutationInput>('StartEnterpriseReportInput')
    .implement({
      description: 'PatSnap R001 enterprise report. Give at least one of companyName, creditCode, orgNumber.',
      fields: (t) => ({
        idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
        companyName: t.string({
          description: 'One enterprise, e.g. 小米科技有限责任公司; at most 200 characters',
        }),
        creditCode: t.string({ description: 'Unified social credit code, 18 characters' }),
        orgNumber: t.string({ description: 'Organization code' }),
        reportType: t.field({ type: ReportTypeEnum, required: true }),
        withLogo: t.boolean({ defaultValue: true, description: 'false uses the vendor\'s "create-no-logo"' }),
      }),
    });

  builder.mutationField('startEnterpriseReport', (t) =>
    t.field({
      ...tasks.startMutation(startable),
      description: 'Start a PatSnap enterprise report; queuePosition falls while it waits (taskUpdated).',
      args: { input: t.arg({ type: StartEnterpriseReportInput, required: true }) },
    }),
  );
}
