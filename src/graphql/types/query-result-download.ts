import { builder } from '../builder.js';
import { VENDOR_CALLS } from '../use-operation-limits.js';
import { IDEMPOTENCY_KEY_DESCRIPTION, withoutIdempotencyKey } from './idempotency.js';
import { TaskPayloadRef } from './task.js';

const StartQueryResultDownloadInput = builder.inputType('StartQueryResultDownloadInput', {
  description: 'Tencent Cloud DLC CreateResultDownload: the result of a query task as a file on COS.',
  fields: (t) => ({
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
    taskId: t.string({ required: true, description: 'The DLC query task id' }),
    format: t.string({ defaultValue: 'CSV', description: 'Download format (the vendor documents CSV)' }),
    force: t.boolean({
      defaultValue: false,
      description: 'Regenerate the file; only effective after a timeout or error',
    }),
  }),
});

builder.mutationField('startQueryResultDownload', (t) =>
  t.field({
    type: TaskPayloadRef,
    authScopes: { scope: 'tasks:write' },
    extensions: { [VENDOR_CALLS]: 1 },
    description: 'Start a DLC query result download; the gateway mints a presigned COS URL when it is ready.',
    args: { input: t.arg({ type: StartQueryResultDownloadInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { key, rest } = withoutIdempotencyKey(input);
      return { task: await ctx.services.tasks.start(ctx.actor, 'QUERY_RESULT_DOWNLOAD', rest, key) };
    },
  }),
);
