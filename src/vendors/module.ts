import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { EnvShape } from '../config-schema.js';
import type { GatewayBuilder } from '../graphql/builder.js';
import type { TaskGraphQL } from '../graphql/types/task.js';
import type { RateGate } from '../rate-limit/rate-gate.js';
import type { SandboxState } from './shared/sandbox/state.js';
import type { TaskTracker } from './types.js';

/**
 * What a vendor is to the rest of the gateway: one object per vendor, listed in `./index.ts`. The
 * generic layers (GraphQL core, tasks, store, scheduler, events, rate limits) see vendors through this
 * interface only; everything else about a vendor (its wire protocol, operations, GraphQL types, start
 * mutations, search, sandbox) stays in its folder.
 *
 * Its life, per gateway:
 *   configure (with the validated environment and the tenants' own credentials)
 *     -> connect (once the gateway listens: its sandbox, one client and rate budget per credential)
 *       -> registerGraphQL (its types and start mutations on the app's schema builder)
 */
export interface VendorModule {
  /** The `Vendor` enum value, e.g. `PATSNAP`. */
  readonly vendor: string;
  /** How people call it, e.g. `PatSnap`: in log lines and error messages. */
  readonly label: string;
  /** The task kinds it adds (`TaskKind` values and their GraphQL task types). */
  readonly kinds: readonly TaskKindDefinition[];
  /**
   * Its environment variables: name -> schema with `.describe()` (the README's configuration table is
   * generated from it) and `.default()` where there is one. Merged into the gateway's config schema.
   */
  readonly env: EnvShape;
  /** A tenant's own credentials in TENANTS_FILE (`vendors.<vendor>`), named as its environment names them. */
  readonly tenantCredentials: z.ZodType;
  /** Reads its settings; throws a ConfigError naming the variable when they do not fit together. */
  configure(input: VendorConfigInput): ConfiguredVendor;
}

export interface TaskKindDefinition {
  /** e.g. PATENT_EXPORT */
  readonly kind: string;
  /** Its GraphQL object type, implementing ExportTask and Node, e.g. PatentExportTask. */
  readonly typeName: string;
  readonly description: string;
  /** What the vendor calls the task's id, for `trackTask`, e.g. `task_id`. */
  readonly vendorTaskId: string;
}

export interface VendorConfigInput {
  /** The environment as given (its variables already checked): the module parses its own with `env`. */
  readonly env: Readonly<Record<string, unknown>>;
  /** `auto`: a sandbox when the vendor has no credentials (never in production); `on`; `off`. */
  readonly sandbox: 'auto' | 'on' | 'off';
  readonly production: boolean;
  /** VENDOR_TIMEOUT_MS: the per-request timeout of vendors without their own setting. */
  readonly timeoutMs: number;
  /** Tenants with their own credentials for this vendor (already checked with `tenantCredentials`). */
  readonly tenants: readonly { tenant: string; credentials: unknown }[];
}

/** How the gateway reaches a vendor with its shared credentials. */
export type VendorMode = 'LIVE' | 'SANDBOX' | 'NOT_CONFIGURED';

export interface ConfiguredVendor {
  readonly vendor: string;
  readonly label: string;
  readonly mode: VendorMode;
  readonly kinds: readonly TaskKindDefinition[];
  /** The rate budget of the shared credentials (the configured one when there are none). */
  readonly ratePerSecond: number;
  /** Per-request timeout of its calls. */
  readonly timeoutMs: number;
  /** Starts it for one gateway: its sandbox when sandboxed, a client and rate budget per credential. */
  connect(wiring: VendorWiring): ConnectedVendor;
}

/** What a vendor gets from the gateway it runs in. */
export interface VendorWiring {
  /** The gateway's own origin, e.g. http://127.0.0.1:4000 (sandboxes are mounted under it). */
  readonly origin: string;
  readonly sandboxSecret: string;
  readonly sandboxTaskMs: number;
  /** Shared sandbox state (budget, counters) for every instance on one Redis; undefined embedded. */
  sandboxState(name: string): SandboxState | undefined;
  /** One credential's call budget; `credential` names it without revealing it. */
  rateGate(credential: string, qps: number): RateGate;
  /**
   * Reports an HTTP call to the vendor once it ended: counted (`gateway_vendor_requests_total`),
   * logged and traced. `startedAt`: epoch ms when it was made.
   */
  record(operation: string, outcome: string, startedAt?: number): void;
}

export interface ConnectedVendor {
  readonly vendor: string;
  readonly label: string;
  readonly mode: VendorMode;
  readonly kinds: readonly TaskKindDefinition[];
  /** Fields it adds to `trackTask`'s input (name -> description), read by its trackers as params. */
  readonly trackFields: Readonly<Record<string, string>>;
  /** Its simulator when sandboxed, mounted at `/sandbox/<path>`; null when live. */
  readonly sandbox: MountedSandbox | null;
  /** Polls, renews and tracks tasks of `kind`, on the shared credentials (null) or a tenant's own. */
  tracker(kind: string, credentialTenant: string | null): TaskTracker | undefined;
  /** How `tenant` reaches it: with its own credentials or the shared ones (if any), and at what rate. */
  access(tenant: string): VendorAccess;
  /** Its GraphQL types, start mutations and queries, on one app's schema builder. */
  registerGraphQL(builder: GatewayBuilder, tasks: TaskGraphQL): void;
}

export interface VendorAccess {
  /** The tenant's own credentials are used. */
  own: boolean;
  /** There are credentials to use (its own, or the gateway's shared ones). */
  configured: boolean;
  /** The rate budget of those credentials (the configured default when there are none). */
  ratePerSecond: number;
}

export interface MountedSandbox {
  /** Below /sandbox/, e.g. `patsnap`. */
  readonly path: string;
  /** Node http handler for requests under its path; never throws, always answers. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}
