import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDatabasePath } from '../support/app.js';
import { startGatewayProcess } from '../support/process.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
afterAll(() => removeTempDirs());

describe('start-up as `npm start` runs it (from source here; scripts/smoke-dist.ts runs dist/)', () => {
  it('with no configuration serves GraphiQL (subscriptions over WebSocket) at 127.0.0.1:4000/graphql', async () => {
    // Empty values count as unset, so this is the default configuration apart from the database file.
    const gateway = await startGatewayProcess({
      PORT: '',
      HOST: '',
      SANDBOX: '',
      DATABASE_PATH: tempDatabasePath(),
    });
    try {
      expect(gateway.url).toBe('http://127.0.0.1:4000/graphql');
      const page = await fetch(gateway.url, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('GraphiQL');
      expect(html).toMatch(/"subscriptionsProtocol":"WS"/);
      const vendors = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ vendors { vendor mode configured } }' }),
      });
      expect(await vendors.json()).toEqual({
        data: {
          vendors: [
            { vendor: 'PATSNAP', mode: 'SANDBOX', configured: true },
            { vendor: 'ALIYUN_DMS', mode: 'SANDBOX', configured: true },
            { vendor: 'TENCENT_DLC', mode: 'SANDBOX', configured: true },
          ],
        },
      });
    } finally {
      gateway.child.kill('SIGTERM');
      expect(await gateway.exited).toBe(0);
    }
  });

  it('in production, SANDBOX=auto fakes no vendor: one log line per vendor mode, and /ready says them', async () => {
    const gateway = await startGatewayProcess({
      NODE_ENV: 'production',
      AUTH: 'none',
      SANDBOX: '',
      PATSNAP_API_KEY: 'sk-live-test-key-not-used',
      DATABASE_PATH: tempDatabasePath(),
    });
    try {
      const lines = gateway
        .output()
        .split('\n')
        .filter((line) => line.includes('"msg":"vendor '));
      expect(lines.map((line) => JSON.parse(line).msg)).toEqual([
        'vendor PATSNAP: live',
        'vendor ALIYUN_DMS: not configured',
        'vendor TENCENT_DLC: not configured',
      ]);
      expect(gateway.output()).not.toContain('sk-live-test-key-not-used');
      const ready = await fetch(`${gateway.origin}/ready`);
      expect(await ready.json()).toEqual({
        status: 'ready',
        vendors: { PATSNAP: 'live', ALIYUN_DMS: 'not configured', TENCENT_DLC: 'not configured' },
      });
      // No sandbox is mounted, and GraphiQL is off.
      expect((await fetch(`${gateway.origin}/sandbox/tencent-dlc/`, { method: 'POST' })).status).toBe(404);
      const page = await fetch(gateway.url, { headers: { accept: 'text/html' } });
      expect(await page.text()).not.toContain('GraphiQL');
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited;
    }
  });

  it.each([
    ['API_KEYS', '', /^Invalid configuration: API_KEYS: is empty/],
    ['NODE_ENV', 'production', /^Invalid configuration: AUTH: NODE_ENV=production needs/],
    ['PORT', 'abc', /^Invalid configuration: PORT: /],
    ['POLL_INITIAL_MS', '-5', /^Invalid configuration: POLL_INITIAL_MS: /],
    ['API_KEYS', 'no-separator', /^Invalid configuration: API_KEYS: /],
  ])('a bad %s stops start-up with one clear line', (name, value, message) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot,
      env: { ...process.env, [name]: value, DATABASE_PATH: tempDatabasePath() },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(result.stdout).toBe('');
  });
});
