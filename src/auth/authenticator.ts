import { UnauthenticatedError } from '../errors.js';
import { createJwtVerifier, type JwtOptions, looksLikeJwt } from './jwt.js';
import { ALL_SCOPES, isScope, type Scope } from './scopes.js';
import type { Tenant, TenantDirectory } from './tenants.js';

export const PUBLIC_TENANT = 'public';

/** Who is calling, decided once per request (HTTP, SSE) or per connection (graphql-ws). */
export interface Caller {
  readonly tenant: string;
  readonly scopes: ReadonlySet<Scope>;
  /** The tenant's own configuration (vendor credentials, limits), when TENANTS_FILE has one. */
  readonly config: Tenant | null;
  /** When these credentials stop being valid (a token's `exp`); null for API keys. */
  readonly expiresAt: Date | null;
}

/** How callers prove who they are. */
export type AuthConfig =
  /** No authentication: every caller is tenant `public` with every scope (AUTH=none, or nothing set in development). */
  | { mode: 'none' }
  /** API keys (API_KEYS or TENANTS_FILE) and/or JWTs; a request without valid credentials is refused. */
  | { mode: 'verify'; jwt: JwtOptions | null };

/** `Authorization` header (or graphql-ws `connectionParams.authorization`) -> the caller, or UNAUTHENTICATED. */
export type Authenticate = (authorization: unknown) => Promise<Caller>;

export function createAuthenticator(auth: AuthConfig, tenants: TenantDirectory): Authenticate {
  if (auth.mode === 'none') {
    const caller: Caller = { tenant: PUBLIC_TENANT, scopes: ALL_SCOPES, config: null, expiresAt: null };
    return async () => caller;
  }
  const verifyJwt = auth.jwt ? createJwtVerifier(auth.jwt) : null;
  return async (authorization) => {
    const credential = bearer(authorization);
    if (verifyJwt && looksLikeJwt(credential)) {
      const identity = await verifyJwt(credential);
      return {
        tenant: identity.tenant,
        scopes: new Set(identity.scopes.filter(isScope)),
        config: tenants.get(identity.tenant) ?? null,
        expiresAt: identity.expiresAt,
      };
    }
    const tenant = tenants.byKey(credential);
    if (!tenant) throw new UnauthenticatedError('The credentials are not valid');
    return { tenant: tenant.name, scopes: tenant.scopes, config: tenant, expiresAt: null };
  };
}

function bearer(authorization: unknown): string {
  if (typeof authorization !== 'string') throw new UnauthenticatedError();
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  if (!match?.[1]) throw new UnauthenticatedError();
  return match[1];
}
