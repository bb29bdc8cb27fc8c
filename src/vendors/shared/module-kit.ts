/**
 * The parts every vendor module is built from: its sandbox-or-live decision, its tenants' credentials, a
 * client per credential (PerCredential), its sandbox's common options and budget, and the typed access
 * to its sandbox that tests use.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type {
  ConnectedVendor,
  VendorAccess,
  VendorConfigInput,
  VendorMode,
  VendorWiring,
} from '../module.js';
import type { SandboxState } from './sandbox/state.js';

/**
 * How a vendor is reached with the gateway's shared credentials: its own simulator when SANDBOX says
 * so (`on`, or `auto` for a vendor without credentials, never in production), the real vendor when it
 * has credentials, else not at all.
 */
export function sharedMode(input: VendorConfigInput, hasCredentials: boolean): VendorMode {
  if (input.sandbox === 'on' || (input.sandbox === 'auto' && !input.production && !hasCredentials)) {
    return 'SANDBOX';
  }
  return hasCredentials ? 'LIVE' : 'NOT_CONFIGURED';
}

/** The tenants' own credentials, read again with the module's own (typed) schema. */
export function tenantCredentialsOf<Credentials>(
  input: VendorConfigInput,
  schema: z.ZodType<Credentials>,
): { tenant: string; credentials: Credentials }[] {
  return input.tenants.map(({ tenant, credentials }) => ({ tenant, credentials: schema.parse(credentials) }));
}

/** A sandbox answers for the shared credentials and every tenant's own: its budget is their sum. */
export function sandboxBudget(qps: number, tenants: readonly { credentials: { qps?: number } }[]): number {
  return tenants.reduce((sum, { credentials }) => sum + (credentials.qps ?? qps), qps);
}

/** What every sandbox is given: its mount point, the gateway's origin, SANDBOX_TASK_MS and SANDBOX_SECRET, its state. */
export function sandboxOptions(
  wiring: VendorWiring,
  path: string,
): { basePath: string; publicOrigin: () => string; taskMs: number; secret: string; state?: SandboxState } {
  const state = wiring.sandboxState(path);
  return {
    basePath: `/sandbox/${path}`,
    publicOrigin: () => wiring.origin,
    taskMs: wiring.sandboxTaskMs,
    secret: wiring.sandboxSecret,
    ...(state ? { state } : {}),
  };
}

/** A key for a credential's shared budget that does not reveal the credential (a static API key is one). */
export function credentialName(vendor: string, credential: string | undefined): string {
  return `${vendor}:${createHash('sha256')
    .update(credential ?? '')
    .digest('hex')
    .slice(0, 16)}`;
}

/**
 * What a vendor builds per credential (its clients and operations): for the shared credentials and for
 * each tenant that brings its own, looked up by the tenant whose credentials a task uses.
 */
export class PerCredential<Connection> {
  readonly #shared: Connection | null;
  readonly #own: ReadonlyMap<string, Connection>;
  readonly #qps: (connection: Connection) => number;

  constructor(
    shared: Connection | null,
    own: ReadonlyMap<string, Connection>,
    qps: (c: Connection) => number,
  ) {
    this.#shared = shared;
    this.#own = own;
    this.#qps = qps;
  }

  /**
   * Connects the shared credentials (when there are any) and each tenant's own, each at its own rate
   * (its `qps`, else `defaultQps`).
   */
  static connect<Credentials extends { qps?: number }, Connection>(
    shared: Credentials | null,
    tenants: readonly { tenant: string; credentials: Credentials }[],
    defaultQps: number,
    build: (credentials: Credentials, qps: number) => Connection,
  ): PerCredential<{ connection: Connection; qps: number }> {
    const connect = (credentials: Credentials) => {
      const qps = credentials.qps ?? defaultQps;
      return { connection: build(credentials, qps), qps };
    };
    return new PerCredential(
      shared ? connect(shared) : null,
      new Map(tenants.map(({ tenant, credentials }) => [tenant, connect(credentials)])),
      (entry) => entry.qps,
    );
  }

  /** `credentialTenant` null: the shared credentials. */
  get(credentialTenant: string | null): Connection | undefined {
    return credentialTenant === null ? (this.#shared ?? undefined) : this.#own.get(credentialTenant);
  }

  /** What `tenant`'s calls use: its own credentials when it has them, else the shared ones. */
  forTenant(tenant: string): Connection | undefined {
    return this.#own.get(tenant) ?? this.#shared ?? undefined;
  }

  /** How `tenant` reaches the vendor, for the `vendors` query; `defaultQps` when it cannot. */
  access(tenant: string, defaultQps: number): VendorAccess {
    const connection = this.forTenant(tenant);
    return {
      own: this.#own.has(tenant),
      configured: connection !== undefined,
      ratePerSecond: connection === undefined ? defaultQps : this.#qps(connection),
    };
  }
}

/**
 * Remembers the sandbox a connected vendor runs, typed, for the vendor's accessor that tests and tools
 * use to drive it (faults, statistics): the gateway itself sees sandboxes only as MountedSandbox.
 */
export class SandboxesOf<Sandbox extends object> {
  readonly #byVendor = new WeakMap<ConnectedVendor, Sandbox>();

  remember(vendor: ConnectedVendor, sandbox: Sandbox | null): ConnectedVendor {
    if (sandbox) this.#byVendor.set(vendor, sandbox);
    return vendor;
  }

  of(vendor: ConnectedVendor | undefined): Sandbox | null {
    return (vendor && this.#byVendor.get(vendor)) ?? null;
  }
}
