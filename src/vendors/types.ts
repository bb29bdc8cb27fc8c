import type { TaskKind, TaskStatus, Vendor, VendorSnapshot } from '../tasks/model.js';

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
 * One asynchronous vendor operation (create + status), already speaking the normalized model.
 * `Input` is the validated GraphQL input of its start mutation.
 */
export interface TaskOperation<Input = unknown> {
  vendor: Vendor;
  kind: TaskKind;
  /**
   * `start` acts on a vendor resource that already exists (a DMS ticket, a DLC query task) rather than
   * creating one from the input alone: the gateway cannot attribute it to a tenant, so on the shared
   * credentials it needs the scope `vendor:shared`.
   */
  startUsesExistingResource: boolean;
  start(input: Input): Promise<StartedVendorTask>;
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
