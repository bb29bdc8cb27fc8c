import type { Logger } from 'pino';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { dmsSandbox } from '../../src/vendors/aliyun-dms/module.js';
import type { DmsSandbox } from '../../src/vendors/aliyun-dms/sandbox/index.js';
import type { VendorModule } from '../../src/vendors/module.js';
import { patsnapSandbox } from '../../src/vendors/patsnap/module.js';
import type { PatSnapSandbox } from '../../src/vendors/patsnap/sandbox/index.js';
import { dlcSandbox } from '../../src/vendors/tencent-dlc/module.js';
import type { DlcSandbox } from '../../src/vendors/tencent-dlc/sandbox/index.js';
import { tempDatabasePath } from './temp-files.js';

export { removeTempDirs, tempDatabasePath, tenantsFile } from './temp-files.js';

export interface TestApp extends App {
  databasePath: string;
  /** The sandboxed vendors (null when live): tests read their counters and inject faults. */
  sandbox: {
    patsnap: PatSnapSandbox | null;
    aliyunDms: DmsSandbox | null;
    tencentDlc: DlcSandbox | null;
  };
}

/** Unlocks the sandboxes' control routes (`/sandbox/<vendor>/_stats`, `_faults`) in tests. */
export const SANDBOX_CONTROL_TOKEN = 'test-sandbox-control-token';
export const SANDBOX_CONTROL_HEADERS = { 'x-sandbox-control': SANDBOX_CONTROL_TOKEN };

/** Fast defaults for tests: sandboxed vendors, short tasks and poll intervals, silent logs. */
export const TEST_ENV: Record<string, string> = {
  SANDBOX_CONTROL_TOKEN,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  SANDBOX: 'on',
  SANDBOX_TASK_MS: '400',
  POLL_INITIAL_MS: '50',
  POLL_MAX_MS: '200',
  PATSNAP_QPS: '200',
  // Budgets far above what any test needs; the tests of the budgets set their own.
  LIMIT_REQUESTS_PER_MINUTE: '1000000',
  LIMIT_ACTIVE_TASKS: '1000000',
  LIMIT_SUBSCRIPTIONS: '1000000',
  LIMIT_SUBSCRIPTIONS_PER_CONNECTION: '10000',
};

export interface StartAppOptions {
  logger?: Logger;
  /** The vendor list; default: the gateway's own (src/vendors/index.ts). */
  vendors?: readonly VendorModule[];
  /** A span per GraphQL operation (the test registered an OpenTelemetry SDK with startTracing). */
  traces?: boolean;
}

export async function startApp(
  env: Record<string, string> = {},
  options: StartAppOptions = {},
): Promise<TestApp> {
  const databasePath = env.DATABASE_PATH ?? tempDatabasePath();
  const config = loadConfig({ ...TEST_ENV, DATABASE_PATH: databasePath, ...env }, options.vendors);
  const app = await createApp(config, {
    ...(options.logger ? { logger: options.logger } : {}),
    traces: options.traces ?? false,
  });
  const vendor = (name: string) => app.vendors.find((v) => v.vendor === name);
  return {
    ...app,
    databasePath,
    sandbox: {
      patsnap: patsnapSandbox(vendor('PATSNAP')),
      aliyunDms: dmsSandbox(vendor('ALIYUN_DMS')),
      tencentDlc: dlcSandbox(vendor('TENCENT_DLC')),
    },
  };
}
