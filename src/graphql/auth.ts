import { UnauthenticatedError } from '../errors.js';

export const PUBLIC_TENANT = 'public';

/**
 * `Authorization: Bearer <key>` -> tenant. With no API_KEYS configured every caller is `public`.
 * The same function serves HTTP, SSE and graphql-ws (connectionParams.authorization).
 */
export function tenantFor(apiKeys: ReadonlyMap<string, string> | null, authorization: unknown): string {
  if (!apiKeys) return PUBLIC_TENANT;
  if (typeof authorization !== 'string') throw new UnauthenticatedError();
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  const tenant = match?.[1] ? apiKeys.get(match[1]) : undefined;
  if (!tenant) throw new UnauthenticatedError('The API key is not valid');
  return tenant;
}
