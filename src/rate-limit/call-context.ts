import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * On whose behalf a vendor call is made. Set where the work starts (a GraphQL operation, a poll) and
 * read by the vendor rate gates deep inside the adapters, so that no adapter signature has to carry it.
 */
export interface VendorCallContext {
  /** The tenant whose share of the vendor budget the call uses. */
  tenant: string;
  /**
   * Polls: they wait as long as the budget needs and yield to the tenant's calls made for a client.
   * Calls made for a client are `interactive`: they are refused when the wait would pass `deadline`.
   */
  kind: 'background' | 'interactive';
  /** Epoch ms after which waiting for the budget is pointless (the client would have given up). */
  deadline: number | null;
  /** Aborted when the client goes away: its queued vendor calls are dropped. */
  signal?: AbortSignal;
}

const storage = new AsyncLocalStorage<VendorCallContext>();

export function withVendorCallContext<T>(context: VendorCallContext, run: () => T): T {
  return storage.run(context, run);
}

export function currentVendorCallContext(): VendorCallContext | undefined {
  return storage.getStore();
}
