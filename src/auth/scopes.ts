/**
 * What a caller may do (CONTRACT.md, "Tenants, scopes and ownership"):
 * - `tasks:read`: task, tasks, node and the subscriptions
 * - `tasks:write`: the start mutations, trackTask, refreshTask, cancelTask
 * - `search`: patentSearch
 * - `vendor:shared`: act, with the gateway's shared vendor credentials, on vendor resources the gateway
 *   cannot attribute to the caller (a task id created elsewhere, a DMS ticket, a DLC query task)
 */
export const SCOPES = ['tasks:read', 'tasks:write', 'search', 'vendor:shared'] as const;
export type Scope = (typeof SCOPES)[number];

export const ALL_SCOPES: ReadonlySet<Scope> = new Set(SCOPES);

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Scopes an `API_KEYS` tenant gets; the only tenant of a deployment also owns its shared credentials. */
export function apiKeyScopes(singleTenant: boolean): ReadonlySet<Scope> {
  const scopes: Scope[] = ['tasks:read', 'tasks:write', 'search'];
  if (singleTenant) scopes.push('vendor:shared');
  return new Set(scopes);
}
