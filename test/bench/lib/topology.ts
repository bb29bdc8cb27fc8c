import { join } from 'node:path';
import { gatewayEnv, type ServerProcess, startServer, tempDir } from './processes.js';

/**
 * The processes of a run. The vendor (PatSnap sandbox) runs in a gateway process of its own, so its
 * CPU never counts as the measured gateway's; the measured gateway has its sandbox off and talks to
 * that process over loopback exactly as to the real vendor (client-credentials flow and all).
 */

/** Shared by the vendor process and the benchmark, which mints and decodes the sandbox's task ids. */
export const SANDBOX_SECRET = 'bench-sandbox-secret-0123456789abcdef';
/** The credentials the sandbox accepts (see SANDBOX_PATSNAP_CLIENT in src/app.ts). */
export const SANDBOX_CLIENT_ID = 'sandbox-client';
export const SANDBOX_CLIENT_SECRET = 'sandbox-client-secret';
export const SANDBOX_PATH = '/sandbox/patsnap';
/** The gateway as it runs in production: `npm run build` output (run.ts builds it when stale). */
export const GATEWAY_ENTRY = 'dist/main.js';

export interface Vendor {
  process: ServerProcess;
  /** e.g. http://127.0.0.1:41234/sandbox/patsnap */
  base: string;
}

export async function startVendor(
  name: string,
  opts: { qps: number; taskMs: number; port?: number; nodeArgs?: string[] },
): Promise<Vendor> {
  const dir = tempDir(name);
  const proc = await startServer(
    name,
    GATEWAY_ENTRY,
    gatewayEnv(join(dir, 'vendor.db'), {
      SANDBOX: 'on',
      SANDBOX_SECRET,
      SANDBOX_TASK_MS: String(opts.taskMs),
      PATSNAP_QPS: String(opts.qps),
      PORT: String(opts.port ?? 0),
    }),
    opts.nodeArgs,
  );
  return { process: proc, base: vendorBase(proc.origin) };
}

export function vendorBase(origin: string): string {
  return `${origin}${SANDBOX_PATH}`;
}

export interface Gateway {
  process: ServerProcess;
  url: string;
  origin: string;
  databasePath: string;
}

/** The measured gateway, sandbox off, pointed at `vendor`. `env` adds poll settings and the like. */
export async function startGateway(
  name: string,
  vendor: Pick<Vendor, 'base'>,
  env: Record<string, string>,
  opts: { databasePath?: string; nodeArgs?: string[] } = {},
): Promise<Gateway> {
  const databasePath = opts.databasePath ?? join(tempDir(name), 'gateway.db');
  const proc = await startServer(
    name,
    GATEWAY_ENTRY,
    gatewayEnv(databasePath, {
      SANDBOX: 'off',
      SANDBOX_SECRET,
      PATSNAP_BASE_URL: vendor.base,
      PATSNAP_CLIENT_ID: SANDBOX_CLIENT_ID,
      PATSNAP_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
      ...env,
    }),
    opts.nodeArgs,
  );
  return { process: proc, url: `${proc.origin}/graphql`, origin: proc.origin, databasePath };
}

/** A client-credentials token from the sandbox, for calling it directly. */
export async function vendorToken(vendor: Vendor): Promise<string> {
  const basic = Buffer.from(`${SANDBOX_CLIENT_ID}:${SANDBOX_CLIENT_SECRET}`).toString('base64');
  const response = await fetch(`${vendor.base}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) throw new Error(`token: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}
