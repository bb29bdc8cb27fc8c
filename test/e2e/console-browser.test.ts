import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startApp, type TestApp, tempDatabasePath } from '../support/app.js';
import { hostOf, launchChromium } from '../support/chromium.js';
import { subscribeWs } from '../support/clients.js';
import { TaskUpdated } from '../support/documents.js';
import { freePort } from '../support/process.js';

/**
 * The task console (GET /console) in headless Chromium, with API keys and PERSISTED_ONLY=true: the key
 * typed into the page, an export started from its form and followed live over graphql-ws to SUCCEEDED,
 * the gateway restarted mid-task (same port, same SQLite file) and the page catching up, the download
 * link followed to the file, cancel; nothing requested from anywhere but 127.0.0.1, and only trusted
 * document ids sent. With CONSOLE_SCREENSHOTS=1 it writes docs/console-1280.png and
 * docs/console-390.png (the README shows them); otherwise it writes nothing into the tree.
 */

const GATEWAY_HOST = '127.0.0.1';
const TIMEOUT_MS = 60_000;
const KEY = 'key-console-0123456789';
const MANIFEST = join(import.meta.dirname, '../generated/persisted-documents.json');
const DOCS = join(import.meta.dirname, '../../docs');

let app: TestApp | undefined;
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  await app?.close();
  removeTempDirs();
});

async function screenshot(page: Page, width: number, height: number): Promise<void> {
  if (!process.env.CONSOLE_SCREENSHOTS) return;
  mkdirSync(DOCS, { recursive: true });
  await page.setViewportSize({ width, height });
  await page.screenshot({ path: join(DOCS, `console-${width}.png`) });
}

describe('task console in headless Chromium', () => {
  it('starts an export, follows it live across a gateway restart to the file, cancels', {
    timeout: 180_000,
  }, async () => {
    const env = {
      PORT: String(await freePort()),
      DATABASE_PATH: tempDatabasePath(),
      API_KEYS: `acme:${KEY}`,
      PERSISTED_DOCUMENTS: MANIFEST,
      PERSISTED_ONLY: 'true',
      // Long enough that the gateway restarts while the export runs.
      SANDBOX_TASK_MS: '1500',
    };
    app = await startApp(env);
    const { origin } = app;

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const requested: string[] = [];
    const blocked: string[] = [];
    const sockets: string[] = [];
    /** The bodies of the page's GraphQL POSTs and graphql-ws `subscribe` messages. */
    const sent: Record<string, unknown>[] = [];
    context.on('request', (request) => {
      requested.push(request.url());
      if (request.method() === 'POST') sent.push(request.postDataJSON() as Record<string, unknown>);
    });
    await context.route('**/*', (route) => {
      const target = route.request().url();
      if (hostOf(target) === GATEWAY_HOST) return route.continue();
      blocked.push(target);
      return route.abort('blockedbyclient');
    });
    // Every graphql-ws socket of the page goes through here: its `subscribe` messages are recorded, and
    // while `holdSockets` is set, new sockets are closed at once (as if the gateway were still away).
    let holdSockets = false;
    await context.routeWebSocket(/.*/, (socket) => {
      sockets.push(socket.url());
      if (holdSockets) return socket.close({ code: 1013, reason: 'held by the test' });
      const server = socket.connectToServer();
      socket.onMessage((frame) => {
        const message = JSON.parse(String(frame)) as { type: string; payload?: Record<string, unknown> };
        if (message.type === 'subscribe' && message.payload) sent.push(message.payload);
        server.send(frame);
      });
    });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const connection = page.locator('#connection');

    const response = await page.goto(`${origin}/console`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await expect.poll(() => connection.getAttribute('data-state')).toBe('refused');

    await page.fill('#api-key', KEY);
    await page.click('#key-form button[type="submit"]');
    await expect.poll(() => connection.getAttribute('data-state')).toBe('live');

    await page.fill('#query-text', 'TTL:(lidar AND vehicle)');
    await page.fill('#fields', 'PN, TITLE');
    await page.selectOption('#export-type', 'CSV');
    await page.fill('#rows', '25');
    await page.click('#export-form button[type="submit"]');
    const card = page.locator('li.task').first();
    await card.waitFor();
    const id = await card.getAttribute('data-task-id');
    if (!id) throw new Error('the task card has no id');
    const task = page.locator(`li.task[data-task-id="${id}"]`);
    // Live: the subscription moves it on from what the mutation answered.
    await task.locator('.history li[data-status="RUNNING"]').waitFor();
    expect(await task.getAttribute('data-status')).toBe('RUNNING');

    // Restart mid-task: same port, same database. The page may reconnect only once the task has
    // finished, so the SUCCEEDED it then shows can come only from the state it fetches on reconnecting.
    holdSockets = true;
    await app.close();
    await expect.poll(() => connection.getAttribute('data-state')).toBe('reconnecting');
    app = await startApp(env);
    const watcher = subscribeWs(app.url, TaskUpdated, { id }, { token: KEY, persisted: true });
    await watcher.done;
    expect(watcher.events.at(-1)?.taskUpdated.status).toBe('SUCCEEDED');
    expect(await task.getAttribute('data-status')).toBe('RUNNING');
    holdSockets = false;
    await expect.poll(() => connection.getAttribute('data-state'), { timeout: TIMEOUT_MS }).toBe('live');
    await task.locator('a.download').waitFor();
    expect(await task.getAttribute('data-status')).toBe('SUCCEEDED');
    expect(await task.locator('.badge').innerText()).toBe('SUCCEEDED');

    const link = await task.locator('a.download').getAttribute('href');
    expect(link && hostOf(link)).toBe(GATEWAY_HOST);
    const [download] = await Promise.all([page.waitForEvent('download'), task.locator('a.download').click()]);
    const file = await download.path();
    expect(readFileSync(file, 'utf8')).toMatch(/\S/);

    // A second export, cancelled from its card; a third left running for the screenshots.
    await page.fill('#rows', '10');
    await page.click('#export-form button[type="submit"]');
    await expect.poll(() => page.locator('li.task').count()).toBe(2);
    const second = page.locator('li.task').first();
    await second.locator('button.cancel').click();
    await expect.poll(() => second.getAttribute('data-status')).toBe('CANCELLED');
    await page.fill('#query-text', 'ABST:(solid-state battery)');
    await page.click('#export-form button[type="submit"]');
    await expect.poll(() => page.locator('li.task').count()).toBe(3);
    await page.locator('li.task').first().locator('.history li[data-status="RUNNING"]').waitFor();
    await screenshot(page, 1280, 800);
    await screenshot(page, 390, 844);

    expect(blocked).toEqual([]);
    expect([...new Set(requested.map(hostOf))]).toEqual([GATEWAY_HOST]);
    expect(new Set(sockets)).toEqual(new Set([app.url.replace(/^http/, 'ws')]));
    // PERSISTED_ONLY: every operation went as a trusted id, never as text.
    expect(sent.length).toBeGreaterThanOrEqual(5);
    for (const body of sent) expect(body.query ?? '').toBe('');
  });

  it('with AUTH=none and no manifest: no key asked, document text sent, export to SUCCEEDED', {
    timeout: 120_000,
  }, async () => {
    const open = await startApp({ AUTH: 'none', SANDBOX_TASK_MS: '300' });
    try {
      browser ??= await launchChromium();
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const hosts = new Set<string>();
      const queries: unknown[] = [];
      context.on('request', (request) => {
        hosts.add(hostOf(request.url()));
        if (request.method() === 'POST') queries.push((request.postDataJSON() as { query?: unknown }).query);
      });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT_MS);
      await page.goto(`${open.origin}/console`);
      expect(await page.locator('#key-form').isHidden()).toBe(true);
      await expect.poll(() => page.locator('#connection').getAttribute('data-state')).toBe('live');
      await page.click('#export-form button[type="submit"]');
      await page.locator('li.task[data-status="SUCCEEDED"] a.download').waitFor();
      expect([...hosts]).toEqual([GATEWAY_HOST]);
      expect(queries.length).toBeGreaterThanOrEqual(2);
      for (const query of queries) expect(query).toMatch(/^\s*(query|mutation) Console/);
      await context.close();
    } finally {
      await open.close();
    }
  });
});
