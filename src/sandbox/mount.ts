import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Vendor } from '../tasks/model.js';
import { createDmsSandbox, type DmsSandbox } from './aliyun-dms/index.js';
import { sendJson } from './http.js';
import { createPatSnapSandbox, type PatSnapSandbox } from './patsnap/index.js';
import { constantTimeEqual } from './signing.js';
import { RedisSandboxState, type SandboxState } from './state.js';
import { createDlcSandbox, type DlcSandbox, dlcSandboxCosOrigin } from './tencent-dlc/index.js';

/**
 * The vendor simulators the configuration asks for, mounted on the gateway's own port so that their
 * links stay valid across restarts. They accept only these credentials, which unlock nothing else;
 * the adapters use them through the vendors' real auth and signing.
 */
export const SANDBOX_CREDENTIALS = {
  patsnap: { clientId: 'sandbox-client', clientSecret: 'sandbox-client-secret' },
  aliyunDms: { accessKeyId: 'LTAI5tSandboxGatewayKey', accessKeySecret: 'sandbox-dms-access-key-secret' },
  tencentDlc: { secretId: 'AKIDSandboxGatewayKey', secretKey: 'sandbox-dlc-secret-key' },
} as const;

export const SANDBOX_PATHS = {
  patsnap: '/sandbox/patsnap',
  aliyunDms: '/sandbox/aliyun-dms',
  tencentDlc: '/sandbox/tencent-dlc',
} as const;

export interface Sandboxes {
  patsnap: PatSnapSandbox | null;
  aliyunDms: DmsSandbox | null;
  tencentDlc: DlcSandbox | null;
  isSandboxed(vendor: Vendor): boolean;
  /**
   * Serves the request when it is for a sandbox; false when it is not. The control routes (`/_…`:
   * faults, statistics, token revocation) answer only with `x-sandbox-control: <SANDBOX_CONTROL_TOKEN>`,
   * and 404 otherwise, as if they did not exist.
   */
  route(path: string, req: IncomingMessage, res: ServerResponse): boolean;
  /** Where the DLC adapter fetches COS objects from, when DLC is sandboxed. */
  dlcCosOrigin(origin: string): ((bucket: string) => string) | undefined;
}

export interface SandboxesOptions {
  /**
   * When given, each sandbox keeps its QPS budget, statistics and replay memory in this Redis, so all
   * gateway instances on it are one vendor (see state.ts). Without it, everything stays in-process.
   */
  redis?: Redis;
  /** Prefix of the sandboxes' keys; default 'sandbox:'. Each vendor adds its own part (`patsnap:`...). */
  keyPrefix?: string;
}

export function createSandboxes(
  config: Config,
  publicOrigin: () => string,
  opts: SandboxesOptions = {},
): Sandboxes {
  const { redis } = opts;
  const keyPrefix = opts.keyPrefix ?? 'sandbox:';
  const stateOf = (vendor: string): { state?: SandboxState } =>
    redis ? { state: new RedisSandboxState(redis, { keyPrefix: `${keyPrefix}${vendor}:` }) } : {};
  const common = { publicOrigin, taskMs: config.sandboxTaskMs, secret: config.sandboxSecret };
  // Tenants with their own credentials call the sandbox as other accounts; one budget serves them all.
  const own = config.tenants.list().map((tenant) => tenant.vendors);
  const patsnapOwn = own.flatMap((v) => (v.PATSNAP ? [v.PATSNAP] : []));
  const dmsOwn = own.flatMap((v) => (v.ALIYUN_DMS ? [v.ALIYUN_DMS] : []));
  const dlcOwn = own.flatMap((v) => (v.TENCENT_DLC ? [v.TENCENT_DLC] : []));
  const budget = (qps: number, tenants: { qps?: number }[]) =>
    tenants.reduce((sum, tenant) => sum + (tenant.qps ?? qps), qps);
  const patsnap = config.patsnap.sandbox
    ? createPatSnapSandbox({
        ...common,
        ...stateOf('patsnap'),
        basePath: SANDBOX_PATHS.patsnap,
        qps: budget(config.patsnap.qps, patsnapOwn),
        ...SANDBOX_CREDENTIALS.patsnap,
        moreClients: patsnapOwn.flatMap((c) =>
          c.clientId && c.clientSecret ? [{ clientId: c.clientId, clientSecret: c.clientSecret }] : [],
        ),
        apiKeys: patsnapOwn.flatMap((c) => (c.apiKey ? [c.apiKey] : [])),
      })
    : null;
  const aliyunDms = config.aliyunDms.sandbox
    ? createDmsSandbox({
        ...common,
        ...stateOf('aliyun-dms'),
        basePath: SANDBOX_PATHS.aliyunDms,
        qps: budget(config.aliyunDms.qps, dmsOwn),
        ...SANDBOX_CREDENTIALS.aliyunDms,
        moreKeys: dmsOwn.map((c) => ({ accessKeyId: c.keyId, accessKeySecret: c.keySecret })),
      })
    : null;
  const tencentDlc = config.tencentDlc.sandbox
    ? createDlcSandbox({
        ...common,
        ...stateOf('tencent-dlc'),
        basePath: SANDBOX_PATHS.tencentDlc,
        qps: budget(config.tencentDlc.qps, dlcOwn),
        ...SANDBOX_CREDENTIALS.tencentDlc,
        moreKeys: dlcOwn.map((c) => ({ secretId: c.keyId, secretKey: c.keySecret })),
      })
    : null;
  const mounted: [string, { handle(req: IncomingMessage, res: ServerResponse): Promise<void> } | null][] = [
    [SANDBOX_PATHS.patsnap, patsnap],
    [SANDBOX_PATHS.aliyunDms, aliyunDms],
    [SANDBOX_PATHS.tencentDlc, tencentDlc],
  ];
  const sandboxed: Record<Vendor, boolean> = {
    PATSNAP: patsnap !== null,
    ALIYUN_DMS: aliyunDms !== null,
    TENCENT_DLC: tencentDlc !== null,
  };
  const controlToken = config.sandboxControlToken;
  return {
    patsnap,
    aliyunDms,
    tencentDlc,
    isSandboxed: (vendor) => sandboxed[vendor],
    route(path, req, res) {
      for (const [base, sandbox] of mounted) {
        if (sandbox && (path === base || path.startsWith(`${base}/`))) {
          if (path.startsWith(`${base}/_`) && !controlAllowed(controlToken, req)) {
            sendJson(res, 404, { error: 'not found' });
          } else {
            void sandbox.handle(req, res);
          }
          return true;
        }
      }
      return false;
    },
    dlcCosOrigin: (origin) =>
      tencentDlc ? dlcSandboxCosOrigin(origin, SANDBOX_PATHS.tencentDlc) : undefined,
  };
}

function controlAllowed(token: string | null, req: IncomingMessage): boolean {
  const given = req.headers['x-sandbox-control'];
  return token !== null && typeof given === 'string' && constantTimeEqual(given, token);
}
