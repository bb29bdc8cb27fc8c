import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';
import { tracePoll } from '../observability/tracing.js';
import { withVendorCallContext } from '../rate-limit/call-context.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { TaskStore } from '../store/task-store.js';
import { VendorError } from '../vendors/shared/vendor-error.js';
import { isTerminal } from './model.js';
import { isPastDeadline } from './policy.js';
import type { TaskService } from './service.js';

export interface PollerDeps {
  store: TaskStore;
  service: TaskService;
  metrics: Metrics;
  /** Where a wake-up that failed outside the vendor call (store unavailable, a bug) is re-armed. */
  scheduler: Pick<Scheduler, 'schedule'>;
  /** How long to wait before that retry; the poll cap is a sensible value. */
  retryDelayMs: number;
  logger: Logger;
  now?: () => Date;
}

/**
 * The scheduler's handler: one wake-up of one task. Decides whether the task needs a vendor call
 * (or only an expiry), waits for the vendor's rate budget, polls, and hands the outcome to the
 * task service. Never rejects: a failure here must not take the scheduler down, and a task whose
 * wake-up failed before its state was written is tried again later rather than forgotten.
 */
export function createPollHandler(deps: PollerDeps): (taskId: string) => Promise<void> {
  const now = deps.now ?? (() => new Date());
  return async (taskId) => {
    try {
      const task = await deps.store.get(taskId);
      if (!task) return;
      if (task.status === 'SUCCEEDED') {
        await deps.service.expireDownload(taskId);
        return;
      }
      if (isTerminal(task.status)) return;
      if (isPastDeadline(task.poll, now())) {
        await deps.service.expireDeadline(taskId);
        return;
      }
      // The vendor's rate budget is enforced inside its HTTP client, for every kind of call.
      deps.metrics.taskPolls.inc({ vendor: task.vendor });
      const scheduledFor = task.poll.nextPollAt ? Date.parse(task.poll.nextPollAt) : Number.NaN;
      if (!Number.isNaN(scheduledFor)) {
        deps.metrics.pollLateness.observe(
          { vendor: task.vendor },
          Math.max(0, now().getTime() - scheduledFor) / 1000,
        );
      }
      try {
        // Inside: credentials that went away (NOT_CONFIGURED) fail the task, they are not retried.
        const poll = () => deps.service.trackerFor(task).poll(task);
        // A background call of the task's tenant: it waits for its fair share of the vendor budget.
        const snapshot = await tracePoll(task, () =>
          withVendorCallContext({ tenant: task.tenant, kind: 'background', deadline: null }, poll),
        );
        await deps.service.recordSnapshot(taskId, snapshot, task);
      } catch (error) {
        const vendorError =
          error instanceof VendorError
            ? error
            : new VendorError('VENDOR_UNAVAILABLE', 'Unexpected error while polling the vendor', {
                transient: true,
                cause: error,
              });
        if (!(error instanceof VendorError))
          deps.logger.error({ err: error, taskId }, 'poll failed unexpectedly');
        await deps.service.recordFailure(taskId, vendorError);
      }
    } catch (error) {
      deps.logger.error({ err: error, taskId }, 'poll handler failed; retrying later');
      deps.scheduler.schedule(taskId, new Date(now().getTime() + deps.retryDelayMs));
    }
  };
}
