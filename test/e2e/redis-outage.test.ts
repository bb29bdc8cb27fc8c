import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { executeOk } from '../support/clients.js';
import { Vendors } from '../support/documents.js';
import { freePort } from '../support/process.js';

// A Redis of its own (CI's shared one must stay up), stopped and started again under the gateway.
const REDIS_URL = process.env.REDIS_URL;

async function startRedis(port: number): Promise<ChildProcess> {
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const probe = new Redis(port, '127.0.0.1', { retryStrategy: () => 50, maxRetriesPerRequest: null });
  probe.on('error', () => {});
  await probe.ping();
  probe.disconnect();
  return server;
}

/** Polls /ready until it answers `status` (readiness is what a load balancer polls, too). */
async function readyBecomes(app: TestApp, status: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const response = await fetch(`${app.origin}/ready`);
    if (response.status === status) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!REDIS_URL)('when Redis goes away', () => {
  let redis: ChildProcess | null = null;
  let app: TestApp | null = null;
  afterAll(async () => {
    await app?.close();
    redis?.kill('SIGKILL');
    removeTempDirs();
  });

  it('/ready fails, the API keeps answering what it can, and everything recovers when Redis is back', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    app = await startApp({ REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_KEY_PREFIX: 'outage:' });
    expect((await fetch(`${app.origin}/ready`)).status).toBe(200);

    redis.kill('SIGKILL');
    await once(redis, 'exit');
    const downAfterMs = await readyBecomes(app, 503);
    expect(downAfterMs).toBeLessThan(5_000);
    const vendors = await executeOk(app.url, Vendors);
    expect(vendors.vendors.length).toBe(3);

    redis = await startRedis(port);
    await readyBecomes(app, 200);
  });
});
