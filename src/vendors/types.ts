import type { TaskStatus, VendorSnapshot } from '../tasks/model.js';

/** The parts of a stored task an adapter needs to poll it again. */
export interface VendorTaskRef {
  vendorTaskId: string;
  params: Record<string, string>;
  createdAt: string;
}

export interface StartedVendorTask {
  vendorTaskId: string;
  /** Kept with the task and handed back on every poll (e.g. DMS orderId). */
  params: Record<string, string>;
  /** The state right after creation (PatSnap export: RUNNING, nothing known yet). */
  snapshot: VendorSnapshot;
  /** When the vendor forgets the task id (PatSnap export: 24 h), or null. */
  deadlineAt: string | null;
}

/**
 * What the poller and the task service need of one kind of vendor task (already speaking the
 * normalized model): poll it, renew it, take one created elsewhere.
 */
export interface TaskTracker {
  readonly vendor: string;
  readonly kind: string;
  /**
   * `start` acts on a vendor resource that already exists (a DMS ticket, a DLC query task) rather than
   * creating one from the input alone: the gateway cannot attribute it to a tenant, so on the shared
   * credentials it needs the scope `vendor:shared`.
   */
  readonly startUsesExistingResource: boolean;
  poll(task: VendorTaskRef): Promise<VendorSnapshot>;
  /**
   * `refreshTask` on a finished task that the vendor can bring back (DLC: an EXPIRED URL is minted
   * again; a timed-out or failed download is created again with Force). Returns the new vendor task
   * (same or new id) and its state, or null when this task cannot be renewed. Optional.
   */
  renew?(
    task: VendorTaskRef & { status: TaskStatus; vendorStatus: string | null },
  ): Promise<StartedVendorTask | null>;
  /** Registering a task created elsewhere: the deadline and params for a bare vendor id. */
  track(
    vendorTaskId: string,
    params: Record<string, string>,
    now: Date,
  ): { params: Record<string, string>; deadlineAt: string | null };
}

/** One asynchronous vendor operation: its tracker, and the create call its start mutation makes. */
export interface TaskOperation<Input> extends TaskTracker {
  /** `input` is the operation's GraphQL input (without the idempotencyKey), as GraphQL checked it. */
  start(input: Input): Promise<StartedVendorTask>;
}

/** How a start mutation reaches its operation on the credentials the caller uses. */
export interface Startable<Input> {
  readonly kind: string;
  readonly vendor: string;
  /** On the shared credentials (null) or on the tenant's own; undefined when there are none. */
  operation(credentialTenant: string | null): TaskOperation<Input> | undefined;
}
