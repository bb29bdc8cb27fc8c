import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { BadInputError, ForbiddenError, NotFoundError, RateLimitedError } from '../errors.js';
import type { TaskEvents } from '../events/task-events.js';
import { currentTraceParent } from '../observability/tracing.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import {
  AlreadyTrackedError,
  IDEMPOTENCY_WINDOW_MS,
  type StartIntent,
  type TaskListQuery,
  type TaskPage,
  type TaskStore,
} from '../store/task-store.js';
import { VendorError } from '../vendors/shared/vendor-error.js';
import type { Startable, StartedVendorTask, TaskOperation, TaskTracker } from '../vendors/types.js';
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

/** The vendors' task trackers, per credential set (the vendor registry). */
export interface TaskOperations {
  /** The tracker of `kind` on the shared credentials (`credentialTenant` null) or on that tenant's own. */
  tracker(kind: TaskKind, credentialTenant: string | null): TaskTracker | undefined;
  /** The vendor of `kind`; undefined for a kind no vendor module defines. */
  vendorOf(kind: TaskKind): Vendor | undefined;
}

/** Who asks, as far as the task service needs to know. */
export interface Actor {
  readonly tenant: string;
  /** Granted `vendor:shared`: may use the shared credentials on vendor resources nobody here created. */
  readonly sharedVendorAccess: boolean;
  /** The tenant has its own credentials for the vendor; the vendor itself then decides what it may see. */
  hasOwnCredentials(vendor: Vendor): boolean;
  /** The most unfinished tasks (QUEUED, RUNNING) the tenant may have at once. */
  readonly activeTaskLimit: number;
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

/** The task error of a start whose outcome is unknown (see recordUnknownStart). */
export const START_OUTCOME_UNKNOWN = 'START_OUTCOME_UNKNOWN';
/** A renewal claim older than this is taken to be a crashed one. */
const RENEW_CLAIM_MS = 60_000;
/** How long a retry with the key of a start running on another instance waits for its outcome. */
const START_REPLAY_WAIT_MS = 10_000;
const START_REPLAY_POLL_MS = 100;

const startKey = (intent: Pick<StartIntent, 'tenant' | 'key'>) => `${intent.tenant}\u0000${intent.key}`;

/** The kind and input of a start, hashed with the keys sorted, so that field order does not matter. */
function fingerprintOf(kind: TaskKind, input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([kind, canonical(input)]))
    .digest('hex');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, v]) => key !== 'idempotencyKey' && v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, v]) => [key, canonical(v)]),
    );
  }
  return value;
}

function notConfigured(kind: TaskKind, credentialTenant: string | null): VendorError {
  const whose = credentialTenant === null ? 'its vendor' : "the tenant's own credentials for its vendor";
  return new VendorError('NOT_CONFIGURED', `${kind} is not available: ${whose} is not configured`);
}

function keyReused(): BadInputError {
  return new BadInputError(
    'input.idempotencyKey',
    'This idempotencyKey was used with a different input in the last 24 hours; use a new key',
    '24 h',
  );
}

function activeTasksExceeded(actor: Actor): RateLimitedError {
  return new RateLimitedError(
    'activeTasks',
    5000,
    `Tenant ${actor.tenant} has ${actor.activeTaskLimit} unfinished tasks, its limit; wait for some to finish`,
  );
}

/**
 * The one writer of task state. Every write is a compare-and-set on the record's version,
 * followed by publishing the new snapshot (when visible) and scheduling the next wake-up.
 */
export class TaskService {
  private readonly now: () => Date;
  private readonly random: () => number;
  /** Starts this instance is making now, by tenant and key: a retry joins the start in flight. */
  private readonly startsInFlight = new Map<string, Promise<TaskRecord>>();

  constructor(private readonly deps: TaskServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.random = deps.random ?? Math.random;
  }

  /** What polls and renews `task`: its vendor, on the credentials it was started or tracked with. */
  trackerFor(task: Pick<TaskRecord, 'kind' | 'credentialTenant'>): TaskTracker {
    const tracker = this.deps.operations.tracker(task.kind, task.credentialTenant);
    if (!tracker) throw notConfigured(task.kind, task.credentialTenant);
    return tracker;
  }

  /**
   * Starts a vendor task. The start is written down (an intent) before the vendor is called: the same
   * `idempotencyKey` within 24 h returns the same task and calls the vendor once, and a crash between
   * the vendor's answer and the task's record is resolved on restart (reconcileStarts).
   */
  async start<Input>(
    actor: Actor,
    startable: Startable<Input>,
    input: Input,
    idempotencyKey?: string | null,
  ): Promise<TaskRecord> {
    const { kind } = startable;
    const credentialTenant = this.credentialTenantOf(actor, kind);
    const op = startable.operation(credentialTenant);
    if (!op) throw notConfigured(kind, credentialTenant);
    if (op.startUsesExistingResource && credentialTenant === null && !actor.sharedVendorAccess) {
      throw this.sharedAccessNeeded(kind);
    }
    const intent: StartIntent = {
      tenant: actor.tenant,
      // Without a client key every start is its own: the intent still makes it crash safe.
      key: idempotencyKey ?? `gateway:${randomUUID()}`,
      fingerprint: fingerprintOf(kind, input),
      kind,
      taskId: randomUUID(),
      credentialTenant,
      state: 'PENDING',
      createdAt: this.now().toISOString(),
    };
    const standing = await this.deps.store.beginStart(intent);
    if (standing.taskId !== intent.taskId)
      return this.replayStart(actor, standing, intent, () =>
        this.start(actor, startable, input, idempotencyKey),
      );
    const running = this.startVendorTask(actor, op, input, intent).finally(() =>
      this.startsInFlight.delete(startKey(intent)),
    );
    this.startsInFlight.set(startKey(intent), running);
    return running;
  }

  /** What a start with an earlier intent of the same key answers: that start's task, never a second one. */
  private async replayStart(
    actor: Actor,
    standing: StartIntent,
    intent: StartIntent,
    retry: () => Promise<TaskRecord>,
  ): Promise<TaskRecord> {
    if (standing.fingerprint !== intent.fingerprint || standing.kind !== intent.kind) throw keyReused();
    const inFlight = this.startsInFlight.get(startKey(standing));
    if (inFlight) return inFlight;
    const deadline = this.now().getTime() + START_REPLAY_WAIT_MS;
    for (
      let current: StartIntent | null = standing;
      ;
      current = await this.deps.store.getStart(actor.tenant, intent.key)
    ) {
      // Abandoned (the vendor refused that start): nothing exists, so this is a start of its own.
      if (current === null) return retry();
      if (current.state === 'DONE') return this.get(actor.tenant, current.taskId);
      if (this.now().getTime() >= deadline) {
        throw new RateLimitedError(
          'idempotencyKey',
          1000,
          'A start with this idempotencyKey is still in progress (on another instance); retry shortly',
        );
      }
      await sleep(START_REPLAY_POLL_MS);
    }
  }

  private async startVendorTask<Input>(
    actor: Actor,
    op: TaskOperation<Input>,
    input: Input,
    intent: StartIntent,
  ): Promise<TaskRecord> {
    let started: StartedVendorTask;
    try {
      const active = await this.deps.store.countActive(actor.tenant);
      if (active >= actor.activeTaskLimit) throw activeTasksExceeded(actor);
      started = await op.start(input);
    } catch (error) {
      if (error instanceof VendorError && error.unanswered) {
        // The vendor may have created it: say so on a task of its own rather than forget it.
        return this.recordUnknownStart(intent, op.vendor, 'the vendor did not answer the create call');
      }
      await this.deps.store.abandonStart(intent.tenant, intent.key);
      throw error;
    }
    // The vendor made this id for this tenant: nobody else may follow it.
    await this.deps.store.claim(op.kind, started.vendorTaskId, actor.tenant);
    const now = this.now();
    const task = this.newRecord(
      {
        id: intent.taskId,
        tenant: actor.tenant,
        vendor: op.vendor,
        kind: op.kind,
        vendorTaskId: started.vendorTaskId,
        params: started.params,
        deadlineAt: started.deadlineAt,
        origin: 'STARTED',
        credentialTenant: intent.credentialTenant,
      },
      now,
    );
    const withState = applySnapshot(task, started.snapshot, now.toISOString());
    await this.deps.store.insert(withState);
    await this.deps.store.completeStart(intent.tenant, intent.key);
    this.afterWrite(null, withState);
    return withState;
  }

  /**
   * A start whose outcome nobody recorded: the gateway stopped (or lost the vendor's answer) between
   * calling the vendor and writing the task. None of our vendors can be asked "did you create this?",
   * so it becomes a FAILED task with a retryable code that tells the client the vendor may hold an
   * orphan. The intent is then DONE: a retry with its key answers this task.
   */
  private async recordUnknownStart(intent: StartIntent, vendor: Vendor, why: string): Promise<TaskRecord> {
    const existing = await this.deps.store.get(intent.taskId);
    if (existing) {
      // The task was written after all; only the intent was not marked.
      await this.deps.store.completeStart(intent.tenant, intent.key);
      return existing;
    }
    const at = this.now().toISOString();
    const task = failed(
      this.newRecord(
        {
          id: intent.taskId,
          tenant: intent.tenant,
          vendor,
          kind: intent.kind,
          vendorTaskId: '',
          params: {},
          deadlineAt: null,
          origin: 'STARTED',
          credentialTenant: intent.credentialTenant,
        },
        new Date(intent.createdAt),
      ),
      {
        code: START_OUTCOME_UNKNOWN,
        message:
          `The start's outcome is unknown (${why}): the vendor may hold a task that nobody follows. ` +
          'Start again with a new idempotencyKey, or track the vendor task if you find its id.',
        vendorCode: null,
        retryable: true,
      },
      at,
    );
    const recorded = { ...task, updatedAt: at, poll: { ...task.poll, nextPollAt: null } };
    await this.deps.store.insert(recorded);
    await this.deps.store.completeStart(intent.tenant, intent.key);
    this.afterWrite(null, recorded);
    return recorded;
  }

  /**
   * Resolves starts that were begun before `createdBefore` and never finished (a crash between the
   * vendor call and the store write): a task that was written after all completes its intent; the
   * others become FAILED tasks with START_OUTCOME_UNKNOWN. Returns how many it resolved.
   */
  async reconcileStarts(createdBefore: Date): Promise<number> {
    const pending = await this.deps.store.listPendingStarts(createdBefore.toISOString());
    for (const intent of pending) {
      if (this.startsInFlight.has(startKey(intent))) continue;
      const vendor = this.deps.operations.vendorOf(intent.kind);
      // A kind whose vendor module is gone cannot become a task any more: the intent just ends.
      if (vendor === undefined) await this.deps.store.completeStart(intent.tenant, intent.key);
      else
        await this.recordUnknownStart(intent, vendor, 'the gateway stopped while the vendor was creating it');
    }
    return pending.length;
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
    idempotencyKey?: string | null,
  ): Promise<TaskRecord> {
    if (!idempotencyKey) return this.trackOnce(actor, kind, vendorTaskId, params);
    // The key names the tracking: a retry answers the same task, and never polls the vendor again.
    const fingerprint = fingerprintOf(kind, { vendorTaskId, params });
    const earlier = await this.deps.store.getStart(actor.tenant, idempotencyKey);
    if (earlier && this.now().getTime() - Date.parse(earlier.createdAt) < IDEMPOTENCY_WINDOW_MS) {
      if (earlier.fingerprint !== fingerprint || earlier.kind !== kind) throw keyReused();
      if (earlier.state === 'DONE') return this.get(actor.tenant, earlier.taskId);
    }
    // Tracking is idempotent by vendor id already; the key only has to remember which task it named.
    const task = await this.trackOnce(actor, kind, vendorTaskId, params);
    const standing = await this.deps.store.beginStart({
      tenant: actor.tenant,
      key: idempotencyKey,
      fingerprint,
      kind,
      taskId: task.id,
      credentialTenant: task.credentialTenant,
      state: 'PENDING',
      createdAt: this.now().toISOString(),
    });
    if (standing.fingerprint !== fingerprint || standing.kind !== kind) throw keyReused();
    if (standing.taskId === task.id) await this.deps.store.completeStart(actor.tenant, idempotencyKey);
    return task;
  }

  private async trackOnce(
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
    const op = this.trackerFor({ kind, credentialTenant });
    const now = this.now();
    const tracked = op.track(vendorTaskId, params, now);
    const existing = await this.deps.store.findByVendorTask(actor.tenant, kind, vendorTaskId);
    if (existing && existing.status !== 'CANCELLED') return existing;
    if ((await this.deps.store.countActive(actor.tenant)) >= actor.activeTaskLimit) {
      throw activeTasksExceeded(actor);
    }
    const task = withStatus(
      this.newRecord(
        {
          tenant: actor.tenant,
          vendor: op.vendor,
          kind,
          vendorTaskId,
          params: tracked.params,
          deadlineAt: tracked.deadlineAt,
          origin: 'TRACKED',
          credentialTenant,
        },
        now,
      ),
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
    const vendor = this.deps.operations.vendorOf(kind);
    return vendor !== undefined && actor.hasOwnCredentials(vendor) ? actor.tenant : null;
  }

  private sharedAccessNeeded(kind: TaskKind): ForbiddenError {
    const vendor = this.deps.operations.vendorOf(kind) ?? kind;
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
    const op = this.trackerFor(task);
    if (!op.renew || (task.status !== 'EXPIRED' && task.status !== 'FAILED')) return task;
    // Claim the renewal first: of concurrent refreshes (on any instance) one calls the vendor, the
    // others answer the task as it is. A claim left by a crash lapses after RENEW_CLAIM_MS.
    const claimedAt = this.now().toISOString();
    const claimed = await this.mutate(id, (current) => {
      if (current.version !== task.version) return null;
      if (
        current.renewingSince &&
        Date.parse(claimedAt) - Date.parse(current.renewingSince) < RENEW_CLAIM_MS
      ) {
        return null;
      }
      return { ...current, renewingSince: claimedAt };
    });
    if (claimed.renewingSince !== claimedAt) return claimed;
    const release = () =>
      this.mutate(id, (current) =>
        current.renewingSince === claimedAt ? { ...current, renewingSince: null } : null,
      );
    let renewed: StartedVendorTask | null;
    try {
      renewed = await op.renew(claimed);
    } catch (error) {
      await release();
      throw error;
    }
    if (!renewed) return release();
    const { vendorTaskId, params, deadlineAt, snapshot } = renewed;
    if (vendorTaskId !== task.vendorTaskId) await this.deps.store.claim(task.kind, vendorTaskId, tenant);
    const now = this.now();
    return this.mutate(id, (current) => {
      if (current.renewingSince !== claimedAt) return null;
      const poll = initialPollState(this.deps.policy, now, deadlineAt);
      const next = applySnapshot(
        {
          ...current,
          vendorTaskId,
          params: { ...current.params, ...params },
          error: null,
          renewingSince: null,
        },
        snapshot,
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

  /** `polled`: the record the poll started from, which saves reading it again when nothing changed since. */
  recordSnapshot(id: string, snapshot: VendorSnapshot, polled?: TaskRecord): Promise<TaskRecord> {
    const now = this.now();
    return this.mutate(
      id,
      (task) => {
        if (isTerminal(task.status)) return null;
        const next = applySnapshot(task, snapshot, now.toISOString());
        const changed =
          next.status !== task.status ||
          next.vendorStatus !== task.vendorStatus ||
          isVisibleChange(task, next);
        return {
          ...next,
          pollCount: task.pollCount + 1,
          poll: afterPoll(task.poll, changed, this.deps.policy, now, this.random),
        };
      },
      polled,
    );
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
  private async mutate(
    id: string,
    change: (task: TaskRecord) => TaskRecord | null,
    /** A recent read of the record: tried first; a stale one only costs a failed compare-and-set. */
    known?: TaskRecord,
  ): Promise<TaskRecord> {
    for (let round = 0; round < MAX_CAS_ROUNDS; round++) {
      const current = round === 0 && known ? known : await this.deps.store.get(id);
      if (!current) throw new NotFoundError();
      const changed = change(current);
      // Nothing to do according to a possibly stale copy: ask the store before answering so.
      if (!changed && current === known) continue;
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
    fields: Pick<
      TaskRecord,
      'tenant' | 'vendor' | 'kind' | 'vendorTaskId' | 'params' | 'origin' | 'credentialTenant'
    > & { id?: string; deadlineAt: string | null },
    now: Date,
  ): TaskRecord {
    const { id, deadlineAt, ...rest } = fields;
    const at = now.toISOString();
    const poll = initialPollState(this.deps.policy, now, deadlineAt);
    const traceParent = currentTraceParent();
    return {
      ...rest,
      id: id ?? randomUUID(),
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
      renewingSince: null,
      ...(traceParent === undefined ? {} : { traceParent }),
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
