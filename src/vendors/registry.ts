import type { TaskKind, Vendor } from '../tasks/model.js';
import type { ConnectedVendor, VendorMode } from './module.js';
import type { TaskTracker } from './types.js';

export interface VendorInfo {
  vendor: Vendor;
  mode: 'LIVE' | 'SANDBOX';
  configured: boolean;
  ratePerSecond: number;
  /** The caller's own credentials are used for this vendor (else the gateway's shared ones). */
  ownCredentials: boolean;
}

/** The connected vendors of one gateway, looked up by vendor and by task kind. */
export interface VendorRegistry {
  readonly connected: readonly ConnectedVendor[];
  /** What polls and renews tasks of `kind` on the shared credentials (null) or a tenant's own. */
  tracker(kind: TaskKind, credentialTenant: string | null): TaskTracker | undefined;
  vendorOf(kind: TaskKind): Vendor | undefined;
  /** Whether the tenant brings its own credentials for the vendor (TENANTS_FILE `vendors`). */
  hasOwnCredentials(tenant: string, vendor: Vendor): boolean;
  /** The vendors as `tenant` sees them: its own credentials where it has them. */
  vendorsFor(tenant: string): VendorInfo[];
  /** The shared credentials' mode per vendor, for the start-up log and /ready. */
  readonly modes: Readonly<Record<Vendor, VendorMode>>;
}

export function createVendorRegistry(connected: readonly ConnectedVendor[]): VendorRegistry {
  const byVendor = new Map(connected.map((v) => [v.vendor, v]));
  const byKind = new Map(
    connected.flatMap((v) => v.kinds.map((k): [TaskKind, ConnectedVendor] => [k.kind, v])),
  );
  return {
    connected,
    tracker: (kind, credentialTenant) => byKind.get(kind)?.tracker(kind, credentialTenant),
    vendorOf: (kind) => byKind.get(kind)?.vendor,
    hasOwnCredentials: (tenant, vendor) => byVendor.get(vendor)?.access(tenant).own ?? false,
    modes: Object.fromEntries(connected.map((v) => [v.vendor, v.mode])),
    vendorsFor: (tenant) =>
      connected.map((v) => {
        const { own, configured, ratePerSecond } = v.access(tenant);
        return {
          vendor: v.vendor,
          mode: v.mode === 'SANDBOX' ? 'SANDBOX' : 'LIVE',
          configured,
          ratePerSecond,
          ownCredentials: own,
        };
      }),
  };
}
