/**
 * The cloud sandboxes (Alibaba Cloud DMS, Tencent Cloud DLC) under test over real HTTP: one sandbox
 * per server (127.0.0.1, port 0, closed after each test), a fake clock, a man in the middle on call,
 * and requests signed the vendors' ways for the tests that drive the wire by hand.
 */
import {
  createDmsSandbox,
  type DmsSandbox,
  type DmsSandboxOptions,
} from '../../src/vendors/aliyun-dms/sandbox/index.js';
import { type Acs3Signed, signAcs3 } from '../../src/vendors/aliyun-dms/signer.js';
import {
  createDlcSandbox,
  type DlcSandbox,
  type DlcSandboxOptions,
} from '../../src/vendors/tencent-dlc/sandbox/index.js';
import { signTc3, type Tc3Signed } from '../../src/vendors/tencent-dlc/signer.js';
import { type ServedSandbox, sandboxServers } from './sandbox-server.js';

export const DMS_BASE_PATH = '/sandbox/aliyun-dms';
export const DMS_KEY = {
  accessKeyId: 'LTAI5tTestAccessKeyId',
  accessKeySecret: 'TestAccessKeySecretValue123456',
};
export const DLC_BASE_PATH = '/sandbox/tencent-dlc';
export const DLC_KEY = {
  secretId: 'AKIDsandboxTestSecretId0001',
  secretKey: 'SandboxTestSecretKeyValue0001',
};
export const TASK_MS = 10_000;
export const START = Date.UTC(2025, 0, 15, 10, 0, 0, 0);

export interface CloudHarness<S> extends ServedSandbox<S> {
  /** origin + basePath: the adapter's endpoint. */
  endpoint: string;
  /** The sandbox's clock: set `now` to move it. */
  clock: { now: number };
}

/**
 * Call at the top of a test file or in a describe. Each sandbox accepts DMS_KEY / DLC_KEY, takes
 * TASK_MS per download and runs on `clock` (a fresh one at START by default); `overrides` change any
 * option (a shared `state`, another `secret`, `qps`, ...).
 */
export function cloudSandboxes(): {
  startDms(
    overrides?: Partial<DmsSandboxOptions>,
    clock?: { now: number },
  ): Promise<CloudHarness<DmsSandbox>>;
  startDlc(
    overrides?: Partial<DlcSandboxOptions>,
    clock?: { now: number },
  ): Promise<CloudHarness<DlcSandbox>>;
} {
  const { start } = sandboxServers();
  const common = (basePath: string, clock: { now: number }) => ({
    basePath,
    taskMs: TASK_MS,
    qps: 1000,
    secret: 'sandbox-secret',
    now: () => clock.now,
  });
  return {
    async startDms(overrides = {}, clock = { now: START }) {
      const served = await start((publicOrigin) =>
        createDmsSandbox({ ...common(DMS_BASE_PATH, clock), publicOrigin, ...DMS_KEY, ...overrides }),
      );
      return { ...served, endpoint: `${served.origin}${DMS_BASE_PATH}`, clock };
    },
    async startDlc(overrides = {}, clock = { now: START }) {
      const served = await start((publicOrigin) =>
        createDlcSandbox({ ...common(DLC_BASE_PATH, clock), publicOrigin, ...DLC_KEY, ...overrides }),
      );
      return { ...served, endpoint: `${served.origin}${DLC_BASE_PATH}`, clock };
    },
  };
}

/** A DMS RPC call signed with DMS_KEY for `host` at `date`; send it as `POST /?${queryString}` with `headers`. */
export function signedDmsCall(
  host: string,
  action: string,
  query: Record<string, string>,
  nonce: string,
  date = new Date(START),
): Acs3Signed {
  return signAcs3({
    method: 'POST',
    host,
    action,
    version: '2018-11-01',
    query,
    ...DMS_KEY,
    date,
    nonce,
  });
}

/** A DLC API call with this JSON body, signed with DLC_KEY for `host` at `nowMs`. */
export function signedDlcCall(host: string, action: string, body: string, nowMs: number): Tc3Signed {
  return signTc3({
    host,
    service: 'dlc',
    action,
    version: '2021-01-25',
    region: 'ap-guangzhou',
    body,
    ...DLC_KEY,
    timestamp: Math.floor(nowMs / 1000),
  });
}
