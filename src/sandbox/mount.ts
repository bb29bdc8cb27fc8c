import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { createDmsSandbox, type DmsSandbox } from './aliyun-dms/index.js';
import { createPatSnapSandbox, type PatSnapSandbox } from './patsnap/index.js';
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
  /** Serves the request when it is for a sandbox; false when it is not. */
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
  const patsnap = config.patsnap.sandbox
    ? createPatSnapSandbox({
        ...common,
        ...stateOf('patsnap'),
        basePath: SANDBOX_PATHS.patsnap,
        qps: config.patsnap.qps,
        ...SANDBOX_CREDENTIALS.patsnap,
        apiKeys: [],
      })
    : null;
  const aliyunDms = config.aliyunDms.sandbox
    ? createDmsSandbox({
        ...common,
        ...stateOf('aliyun-dms'),
        basePath: SANDBOX_PATHS.aliyunDms,
        qps: config.aliyunDms.qps,
        ...SANDBOX_CREDENTIALS.aliyunDms,
      })
    : null;
  const tencentDlc = config.tencentDlc.sandbox
    ? createDlcSandbox({
        ...common,
        ...stateOf('tencent-dlc'),
        basePath: SANDBOX_PATHS.tencentDlc,
        qps: config.tencentDlc.qps,
        ...SANDBOX_CREDENTIALS.tencentDlc,
      })
    : null;
  const mounted: [string, { handle(req: IncomingMessage, res: ServerResponse): Promise<void> } | null][] = [
    [SANDBOX_PATHS.patsnap, patsnap],
    [SANDBOX_PATHS.aliyunDms, aliyunDms],
    [SANDBOX_PATHS.tencentDlc, tencentDlc],
  ];
  return {
    patsnap,
    aliyunDms,
    tencentDlc,
    route(path, req, res) {
      for (const [base, sandbox] of mounted) {
        if (sandbox && (path === base || path.startsWith(`${base}/`))) {
          void sandbox.handle(req, res);
          return true;
        }
      }
      return false;
    },
    dlcCosOrigin: (origin) =>
      tencentDlc ? dlcSandboxCosOrigin(origin, SANDBOX_PATHS.tencentDlc) : undefined,
  };
}
