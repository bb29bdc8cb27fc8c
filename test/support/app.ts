import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

export interface TestApp extends App {
  databasePath: string;
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

const dirs: string[] = [];

export function tempDatabasePath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-test-'));
  dirs.push(dir);
  return join(dir, 'gateway.db');
}

export async function startApp(env: Record<string, string> = {}, logger?: Logger): Promise<TestApp> {
  const databasePath = env.DATABASE_PATH ?? tempDatabasePath();
  const config = loadConfig({ ...TEST_ENV, DATABASE_PATH: databasePath, ...env });
  const app = await createApp(config, logger ? { logger } : {});
  return { ...app, databasePath };
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
