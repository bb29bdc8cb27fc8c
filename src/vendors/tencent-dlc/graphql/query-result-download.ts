import type { GatewayBuilder } from '../../../graphql/builder.js';
import type { StartMutationInput } from '../../../graphql/start-mutation.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../../graphql/types/idempotency.js';
import type { TaskGraphQL } from '../../../graphql/types/task.js';
import type { Startable } from '../../types.js';
import type { StartQueryResultDownloadInput } from '../query-result.js';

/** `startQueryResultDownload` (DLC CreateResultDownload). */
export function registerQueryResultDownload(
  builder: GatewayBuilder,
  tasks: TaskGraphQL,
  startable: Startable<StartQueryResultDownloadInput>,
): void {
  const StartQueryResultDownloadInput = builder
    .inputRef<StartQueryResultDownloadInput & StartMutationInput>('StartQueryResultDownloadInput')
    .implement({
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
      ...tasks.startMutation(startable),
      description:
        'Start a DLC query result download; the gateway mints a presigned COS URL when it is ready.',
      args: { input: t.arg({ type: StartQueryResultDownloadInput, required: true }) },
    }),
  );
}
