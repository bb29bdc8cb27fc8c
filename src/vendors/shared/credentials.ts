import { createHash } from 'node:crypto';
import type { VendorConfigInput, VendorMode } from '../module.js';

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

  constructor(shared: Connection | null, own: ReadonlyMap<string, Connection>) {
    this.#shared = shared;
    this.#own = own;
  }

  /** `credentialTenant` null: the shared credentials. */
  get(credentialTenant: string | null): Connection | undefined {
    return credentialTenant === null ? (this.#shared ?? undefined) : this.#own.get(credentialTenant);
  }

  /** What `tenant`'s calls use: its own credentials when it has them, else the shared ones. */
  forTenant(tenant: string): Connection | undefined {
    return this.#own.get(tenant) ?? this.#shared ?? undefined;
  }

  hasOwn(tenant: string): boolean {
    return this.#own.has(tenant);
  }
}
