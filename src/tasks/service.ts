import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { BadInputError, ForbiddenError, NotFoundError } from '../errors.js';
import type { TaskEvents } from '../events/task-events.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import {
  AlreadyTrackedError,
  type TaskListQuery,
  type TaskPage,
  type TaskStore,
} from '../store/task-store.js';
import { VendorError } from '../vendors/errors.js';
import type { TaskOperation } from '../vendors/types.js';
import {
  isTerminal,
  type TaskError,
  type TaskKind,
  type TaskRecord,
  type Vendor,
  type VendorSnapshot,
} from './model.js';
import {
  afterPoll,
  afterTransientFailure,
  initialPollState,
  nextWake,
  type PollPolicyConfig,
} from './policy.js';
import { applySnapshot, failed, isVisibleChange, withStatus } from './transitions.js';

/** The vendors' task operations, per credential set (the vendor registry). */
export interface TaskOperations {
  /** The operation of `kind` on the shared credentials (`credentialTenant` null) or on that tenant's own. */
  operation(kind: TaskKind, credentialTenant: string | null): TaskOperation | undefined;
  vendorOf(kind: TaskKind): Vendor;
}

/** Who asks, as far as the task service needs to know. */
export interface Actor {
  readonly tenant: string;
  /** Granted `vendor:shared`: may use the shared credentials on vendor resources nobody here created. */
  readonly sharedVendorAccess: boolean;
  /** The tenant has its own credentials for the vendor; the vendor itself then decides what it may see. */
  hasOwnCredentials(vendor: Vendor): boolean;
}

const SHARED_SCOPE = 'vendor:shared';

export interface TaskServiceDeps {
  store: TaskStore;
  events: TaskEvents;
  scheduler: Scheduler;
  operations: TaskOperations;
  policy: PollPolicyConfig;
  logger: Logger;
  now?: () => Date;
  random?: () => number;
}

// A CAS conflict means another writer got there first; re-reading and re-applying is always
// correct, and a handful of rounds is plenty for the few writers a task has (poller, API calls).
const MAX_CAS_ROUNDS = 16;

/**
 * The one writer of task state. Every write is a compare-and-set on the record's version,
 * followed by publishing the new snapshot (when visible) and scheduling the next wake-up.
 */
export class TaskService {
  private readonly now: () => Date;
  private readonly random: () => number;

  constructor(private readonly deps: TaskServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.random = deps.random ?? Math.random;
  }

  /** The operation that polls and renews `task`: on the credentials it was started or tracked with. */
  operationFor(task: Pick<TaskRecord, 'kind' | 'credentialTenant'>): TaskOperation {
    const op = this.deps.operations.operation(task.kind, task.credentialTenant);
    if (!op) {
      const whose =
        task.credentialTenant === null ? 'its vendor' : "the tenant's own credentials for its vendor";
      throw new VendorError('NOT_CONFIGURED', `${task.kind} is not available: ${whose} is not configured`);
    }
    return op;
  }

  async start(actor: Actor, kind: TaskKind, input: unknown): Promise<TaskRecord> {
    const credentialTenant = this.credentialTenantOf(actor, kind);
    const op = this.operationFor({ kind, credentialTenant });
    if (op.startUsesExistingResource && credentialTenant === null && !actor.sharedVendorAccess) {
      throw this.sharedAccessNeeded(kind);
    }
    const started = await op.start(input);
    // The vendor made this id for this tenant: nobody else may follow it.
    await this.deps.store.claim(kind, started.vendorTaskId, actor.tenant);
    const now = this.now();
    const task = this.newRecord(
      actor.tenant,
      op,
      started.vendorTaskId,
      started.params,
      started.deadlineAt,
      now,
      {
        origin: 'STARTED',
        credentialTenant,
      },
    );
    const withState = applySnapshot(task, started.snapshot, now.toISOString());
    await this.deps.store.insert(withState);
    this.afterWrite(null, withState);
    return withState;
  }

  /**
   * Follow a task created elsewhere. A vendor id another tenant created through the gateway is not
   * found, whatever the caller's scopes; one that nobody here created needs the tenant's own
   * credentials or `vendor:shared`. Tracking the same vendor task twice returns the first record.
   */
  async track(
    actor: Actor,
    kind: TaskKind,
    vendorTaskId: string,
    params: Record<string, string>,
  ): Promise<TaskRecord> {
    if (!vendorTaskId) throw new BadInputError('input.vendorTaskId', 'vendorTaskId must not be empty');
    const owner = await this.deps.store.ownerOf(kind, vendorTaskId);
    if (owner !== null && owner !== actor.tenant) throw new NotFoundError('No vendor task with this id');
    const credentialTenant = this.credentialTenantOf(actor, kind);
    if (owner === null && credentialTenant === null && !actor.sharedVendorAccess) {
      throw this.sharedAccessNeeded(kind);
    }
    const op = this.operationFor({ kind, credentialTenant });
    const now = this.now();
    const tracked = op.track(vendorTaskId, params, now);
    const existing = await this.deps.store.findByVendorTask(actor.tenant, kind, vendorTaskId);
    if (existing && existing.status !== 'CANCELLED') return existing;
    const task = withStatus(
      this.newRecord(actor.tenant, op, vendorTaskId, tracked.params, tracked.deadlineAt, now, {
        origin: 'TRACKED',
        credentialTenant,
      }),
      'QUEUED',
      null,
      now.toISOString(),
    );
    try {
      await this.deps.store.insert(task);
    } catch (error) {
      if (!(error instanceof AlreadyTrackedError)) throw error;
      // A concurrent trackTask of the same vendor task won: its record is the one.
      const winner = await this.deps.store.findByVendorTask(actor.tenant, kind, vendorTaskId);
      if (winner) return winner;
      throw error;
    }
    this.afterWrite(null, task);
    // Look at the vendor at once so the caller learns whether the id exists.
    await this.deps.scheduler.runNow(task.id);
    return (await this.deps.store.get(task.id)) ?? task;
  }

  private credentialTenantOf(actor: Actor, kind: TaskKind): string | null {
    return actor.hasOwnCredentials(this.deps.operations.vendorOf(kind)) ? actor.tenant : null;
  }

  private sharedAccessNeeded(kind: TaskKind): ForbiddenError {
    const vendor = this.deps.operations.vendorOf(kind);
    return new ForbiddenError(
      SHARED_SCOPE,
      `${kind} on a vendor resource the gateway did not create needs the scope ${SHARED_SCOPE} ` +
        `(the gateway's shared ${vendor} credentials) or the tenant's own ${vendor} credentials`,
    );
  }

  async get(tenant: string, id: string): Promise<TaskRecord> {
    const task = await this.deps.store.get(id);
    if (!task || task.tenant !== tenant) throw new NotFoundError();
    return task;
  }

  /** Tasks of `ids` that belong to `tenant`, in order; null where none (dataloader batch shape). */
  async getMany(tenant: string, ids: readonly string[]): Promise<(TaskRecord | null)[]> {
    const tasks = await Promise.all(ids.map((id) => this.deps.store.get(id)));
    return tasks.map((task) => (task && task.tenant === tenant ? task : null));
  }

  list(query: TaskListQuery): Promise<TaskPage> {
    return this.deps.store.list(query);
  }

  /**
   * Poll now (joining a poll in flight) and return the result. A finished task is returned as it
   * is, unless its vendor can bring it back (`renew`: a fresh URL for an expired one, a new vendor
   * task for one that timed out), in which case it is followed again from there.
   */
  async refresh(tenant: string, id: string): Promise<TaskRecord> {
    const task = await this.get(tenant, id);
    if (!isTerminal(task.status)) {
      await this.deps.scheduler.runNow(task.id);
      return this.get(tenant, id);
    }
    const op = this.operationFor(task);
    if (!op.renew || (task.status !== 'EXPIRED' && task.status !== 'FAILED')) return task;
    const renewed = await op.renew(task);
    if (!renewed) return task;
    if (renewed.vendorTaskId !== task.vendorTaskId)
      await this.deps.store.claim(task.kind, renewed.vendorTaskId, tenant);
    const now = this.now();
    return this.mutate(id, (current) => {
      // Someone else changed the task meanwhile (another refresh): keep theirs.
      if (current.version !== task.version) return null;
      const poll = initialPollState(this.deps.policy, now, renewed.deadlineAt);
      const next = applySnapshot(
        {
          ...current,
          vendorTaskId: renewed.vendorTaskId,
          params: { ...current.params, ...renewed.params },
          error: null,
        },
        renewed.snapshot,
        now.toISOString(),
      );
      return { ...next, poll };
    });
  }

  async cancel(tenant: string, id: string): Promise<TaskRecord> {
    await this.get(tenant, id);
    const at = this.now().toISOString();
    return this.mutate(id, (task) =>
      isTerminal(task.status)
        ? null
        : {
            ...withStatus(task, 'CANCELLED', task.vendorStatus, at),
            poll: { ...task.poll, nextPollAt: null },
          },
    );
  }

  // ---- writes made on behalf of the poller ----

  recordSnapshot(id: string, snapshot: VendorSnapshot): Promise<TaskRecord> {
    const now = this.now();
    return this.mutate(id, (task) => {
      if (isTerminal(task.status)) return null;
      const next = applySnapshot(task, snapshot, now.toISOString());
      const changed =
        next.status !== task.status || next.vendorStatus !== task.vendorStatus || isVisibleChange(task, next);
      return {
        ...next,
        pollCount: task.pollCount + 1,
        poll: afterPoll(task.poll, changed, this.deps.policy, now, this.random),
      };
    });
  }

  recordFailure(id: string, error: VendorError): Promise<TaskRecord> {
    const now = this.now();
    return this.mutate(id, (task) => {
      if (isTerminal(task.status)) return null;
      const polled = { ...task, pollCount: task.pollCount + 1 };
      if (!error.transient) {
        return {
          ...failed(polled, toTaskError(error), now.toISOString()),
          poll: { ...task.poll, nextPollAt: null },
        };
      }
      const decision = afterTransientFailure(task.poll, this.deps.policy, now, this.random);
      if (decision.kind === 'retry') return { ...polled, poll: decision.state };
      const gaveUp: TaskError = {
        code: 'VENDOR_UNAVAILABLE',
        message: `Vendor unavailable after ${decision.state.consecutiveFailures} attempts: ${error.message}`,
        vendorCode: error.vendorCode,
        retryable: true,
      };
      return { ...failed(polled, gaveUp, now.toISOString()), poll: decision.state };
    });
  }

  /** The vendor no longer knows the task id (PatSnap: 24 h); it can never finish. */
  expireDeadline(id: string): Promise<TaskRecord> {
    const at = this.now().toISOString();
    return this.mutate(id, (task) =>
      isTerminal(task.status)
        ? null
        : {
            ...failed(
              task,
              {
                code: 'VENDOR_TASK_EXPIRED',
                message: 'The vendor task id expired before the task finished; start the task again',
                vendorCode: null,
                retryable: false,
              },
              at,
            ),
            poll: { ...task.poll, nextPollAt: null },
          },
    );
  }

  /** A SUCCEEDED task whose download URL has expired. */
  expireDownload(id: string): Promise<TaskRecord> {
    const now = this.now();
    return this.mutate(id, (task) => {
      if (task.status !== 'SUCCEEDED' || !task.downloadExpiresAt) return null;
      if (Date.parse(task.downloadExpiresAt) > now.getTime()) return null;
      return {
        ...withStatus(task, 'EXPIRED', task.vendorStatus, now.toISOString()),
        poll: { ...task.poll, nextPollAt: null },
      };
    });
  }

  /** Re-arm the scheduler for every task that still needs the poller (after a restart). */
  async resume(): Promise<number> {
    const due = await this.deps.store.listScheduled();
    for (const task of due) this.deps.scheduler.schedule(task.id, new Date(task.nextPollAt));
    return due.length;
  }

  /**
   * Read, change, compare-and-set, retry on conflict. `change` returns null for "nothing to do",
   * in which case the current record is returned unchanged.
   */
  private async mutate(id: string, change: (task: TaskRecord) => TaskRecord | null): Promise<TaskRecord> {
    for (let round = 0; round < MAX_CAS_ROUNDS; round++) {
      const current = await this.deps.store.get(id);
      if (!current) throw new NotFoundError();
      const changed = change(current);
      if (!changed) return current;
      const next: TaskRecord = {
        ...changed,
        version: current.version + 1,
        updatedAt: this.now().toISOString(),
      };
      next.poll = { ...next.poll, nextPollAt: nextWake(next.status, next.poll, next.downloadExpiresAt) };
      if (await this.deps.store.compareAndSet(next, current.version)) {
        this.afterWrite(current, next);
        return next;
      }
    }
    throw new Error(`task ${id}: too many concurrent writers`);
  }

  private afterWrite(before: TaskRecord | null, after: TaskRecord): void {
    if (!before || isVisibleChange(before, after)) this.deps.events.publish(after);
    const wake = after.poll.nextPollAt;
    if (wake) this.deps.scheduler.schedule(after.id, new Date(wake));
    else this.deps.scheduler.unschedule(after.id);
  }

  private newRecord(
    tenant: string,
    op: TaskOperation,
    vendorTaskId: string,
    params: Record<string, string>,
    deadlineAt: string | null,
    now: Date,
    source: Pick<TaskRecord, 'origin' | 'credentialTenant'>,
  ): TaskRecord {
    const at = now.toISOString();
    const poll = initialPollState(this.deps.policy, now, deadlineAt);
    return {
      id: randomUUID(),
      tenant,
      vendor: op.vendor,
      kind: op.kind,
      vendorTaskId,
      ...source,
      params,
      status: 'QUEUED',
      vendorStatus: null,
      queuePosition: null,
      itemCount: null,
      downloadUrl: null,
      downloadExpiresAt: null,
      error: null,
      createdAt: at,
      updatedAt: at,
      pollCount: 0,
      history: [{ status: 'QUEUED', vendorStatus: null, at }],
      version: 1,
      poll: { ...poll, nextPollAt: nextWake('QUEUED', poll, null) },
    };
  }
}

export function toTaskError(error: VendorError): TaskError {
  return {
    code: error.code,
    message: error.message,
    vendorCode: error.vendorCode,
    retryable: error.transient,
  };
}
