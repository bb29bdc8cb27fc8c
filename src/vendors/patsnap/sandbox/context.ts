/**
 * What every operation handler gets: the sandbox's shared state and the call being answered, plus
 * the steps most operations start with (credentials, a JSON object body).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../../shared/sandbox/http.js';
import type { SandboxState } from '../../shared/sandbox/state.js';
import type { TokenAuthority } from './auth.js';
import { sendError } from './envelope.js';
import type { FaultQueue } from './faults.js';
import type { SandboxStats } from './stats.js';

/** JSON bodies are a few hundred bytes; 1 MiB leaves room for long queries without risk. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface Sandbox {
  basePath: string;
  publicOrigin: () => string;
  taskMs: number;
  secret: string;
  linkTtlSeconds: number;
  now: () => number;
  tokens: TokenAuthority;
  /** The vendor's per-second budget for all API calls of the credential. */
  qps: number;
  /** Budget, cluster-wide statistics and the report-id sequence (in-process or shared, see state.ts). */
  state: SandboxState;
  /** Per instance, like `stats` (tests script them on the instance they talk to). */
  faults: FaultQueue;
  /** This instance's view of the calls; with a shared state the cluster-wide one is `state`'s. */
  stats: SandboxStats;
}

/** One request on its way through the router. */
export interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path below basePath, e.g. '/patent-search/task'. */
  path: string;
  query: URLSearchParams;
}

/** True when the caller may proceed; otherwise the refusal has been sent. */
export function authenticate(sandbox: Sandbox, { req, res, query }: Call): boolean {
  const refusal = sandbox.tokens.authenticate({
    authorization: req.headers.authorization,
    apikey: query.get('apikey'),
  });
  if (refusal !== null) sendError(res, refusal);
  return refusal === null;
}

/** The body as a JSON object; undefined after answering 68300007 for anything else. */
export async function readJsonObject(call: Call): Promise<Record<string, unknown> | undefined> {
  const body = await readBody(call.req, MAX_BODY_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    json = undefined;
  }
  if (typeof json === 'object' && json !== null && !Array.isArray(json))
    return json as Record<string, unknown>;
  sendError(call.res, 68300007);
  return undefined;
}
