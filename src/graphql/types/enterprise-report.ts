import { REPORT_TYPES } from '../../vendors/patsnap/report.js';
import { builder } from '../builder.js';
import { VENDOR_CALLS } from '../use-operation-limits.js';
import { IDEMPOTENCY_KEY_DESCRIPTION, withoutIdempotencyKey } from './idempotency.js';
import { TaskPayloadRef } from './task.js';

const ReportTypeEnum = builder.enumType('EnterpriseReportType', { values: REPORT_TYPES });

const StartEnterpriseReportInput = builder.inputType('StartEnterpriseReportInput', {
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
    type: TaskPayloadRef,
    authScopes: { scope: 'tasks:write' },
    extensions: { [VENDOR_CALLS]: 1 },
    description: 'Start a PatSnap enterprise report; queuePosition falls while it waits (taskUpdated).',
    args: { input: t.arg({ type: StartEnterpriseReportInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { key, rest } = withoutIdempotencyKey(input);
      return { task: await ctx.services.tasks.start(ctx.actor, 'ENTERPRISE_REPORT', rest, key) };
    },
  }),
);
