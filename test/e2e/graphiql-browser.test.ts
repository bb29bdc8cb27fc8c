import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startApp, type TestApp } from '../support/app.js';
import { hostOf, launchChromium } from '../support/chromium.js';

/**
 * GraphiQL in a real browser: the page at GET /graphql must work with nothing but the gateway's own
 * assets (no CDN), and a subscription run from it must stream over graphql-ws until the download URL.
 * Uses Debian's chromium (.ci/run installs it); never a browser downloaded by `playwright install`.
 */

const GATEWAY_HOST = '127.0.0.1';
/** For each wait in the browser; the whole test may take several of them on a loaded machine. */
const TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 300_000;
const SCREENSHOT = '/tmp/graphiql.png';

let app: TestApp | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  app = await startApp({ AUTH: 'none', SANDBOX_TASK_MS: '1500' });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  removeTempDirs();
});

/** Monaco renders spaces as U+00A0; give back plain text. */
async function editorText(page: Page, selector: string): Promise<string> {
  const text = await page.locator(`${selector} .view-lines`).first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

async function startExport(url: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      query:
        'mutation { startPatentExport(input: {queryText: "lidar", fields: ["PN"], exportType: CSV, rows: 5}) { task { id } } }',
    }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    data?: { startPatentExport: { task: { id: string } } };
    errors?: unknown;
  };
  expect(body.errors).toBeUndefined();
  const id = body.data?.startPatentExport.task.id;
  if (!id) throw new Error(`startPatentExport returned no task id: ${JSON.stringify(body)}`);
  return id;
}

describe('GraphiQL in headless Chromium', () => {
  it('loads from the gateway alone and runs a subscription over WebSocket to SUCCEEDED', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    if (!app) throw new Error('gateway did not start');
    const { url, origin } = app;
    const id = await startExport(url);

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const requested: string[] = [];
    const blocked: string[] = [];
    const sockets: string[] = [];
    /** Every `next` payload of the subscription that arrived over graphql-ws. */
    const received: { status: string; downloadUrl: string | null }[] = [];
    context.on('request', (request) => void requested.push(request.url()));
    await context.route('**/*', (route) => {
      const target = route.request().url();
      if (hostOf(target) !== GATEWAY_HOST) {
        blocked.push(target);
        return route.abort('blockedbyclient');
      }
      return route.continue();
    });
    const page = await context.newPage();
    page.on('websocket', (socket) => {
      sockets.push(socket.url());
      socket.on('framereceived', ({ payload }) => {
        const message = JSON.parse(String(payload)) as {
          type: string;
          payload?: { data?: { taskUpdated?: (typeof received)[number] } };
        };
        const update = message.type === 'next' ? message.payload?.data?.taskUpdated : undefined;
        if (update) received.push(update);
      });
    });
    page.setDefaultTimeout(TIMEOUT_MS);

    /** Runs one stage; if it fails, says which and what the page tried to fetch from elsewhere. */
    const stage = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (error) {
        await page.screenshot({ path: SCREENSHOT }).catch(() => {});
        const detail = error instanceof Error ? error.message : String(error);
        throw new Error(
          `GraphiQL: ${name} failed (screenshot: ${SCREENSHOT}); requests blocked because they left ` +
            `${GATEWAY_HOST}: ${JSON.stringify(blocked)}; WebSockets: ${JSON.stringify(sockets)}\n${detail}`,
          { cause: error },
        );
      }
    };

    // GraphiQL takes its initial query from `?query=` (and keeps it there while editing).
    const subscription = `subscription { taskUpdated(id: "${id}") { status downloadUrl } }`;
    const response = await stage('loading the page', () =>
      page.goto(`${url}?query=${encodeURIComponent(subscription)}`, {
        waitUntil: 'domcontentloaded',
        timeout: TIMEOUT_MS,
      }),
    );
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');
    expect(await page.title()).toBe('Export task gateway');

    const queryEditor = '.graphiql-query-editor';
    await stage('showing the query editor', () =>
      page.locator(`${queryEditor} .monaco-editor`).waitFor({ state: 'visible' }),
    );
    await stage('putting the subscription into the query editor', () =>
      expect
        .poll(() => editorText(page, queryEditor), { timeout: TIMEOUT_MS })
        .toContain(`taskUpdated(id: "${id}")`),
    );

    await stage('clicking the run button', () => page.locator('.graphiql-execute-button').click());

    const resultPane = '.graphiql-response';
    await stage('showing SUCCEEDED in the result pane', () =>
      expect.poll(() => editorText(page, resultPane), { timeout: TIMEOUT_MS }).toContain('"SUCCEEDED"'),
    );
    // What the pane shows is what came over graphql-ws.
    await expect.poll(() => received.at(-1)?.status, { timeout: TIMEOUT_MS }).toBe('SUCCEEDED');
    const final = received.at(-1);
    // The pane wraps long lines; the URL itself has no whitespace.
    const result = (await editorText(page, resultPane)).replace(/\s+/g, '');
    expect(final?.downloadUrl?.startsWith(`${origin}/`)).toBe(true);
    expect(result).toContain(`"downloadUrl":"${final?.downloadUrl}"`);

    await page.screenshot({ path: SCREENSHOT });

    expect(blocked).toEqual([]);
    expect([...new Set(requested.map(hostOf))]).toEqual([GATEWAY_HOST]);
    expect(sockets.length).toBeGreaterThanOrEqual(1);
    for (const socket of sockets) expect(socket).toBe(`${url.replace(/^http/, 'ws')}`);
  });

  it('with API keys, runs a subscription over SSE with the Authorization header from its Headers tab', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const key = 'key-acme-0123456789';
    const keyed = await startApp({ API_KEYS: `acme:${key}`, SANDBOX_TASK_MS: '1500' });
    try {
      const started = await fetch(keyed.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({
          query:
            'mutation { startPatentExport(input: {queryText: "lidar", fields: ["PN"], exportType: CSV, rows: 5}) { task { id } } }',
        }),
      });
      const id = ((await started.json()) as { data: { startPatentExport: { task: { id: string } } } }).data
        .startPatentExport.task.id;
      browser ??= await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const hosts = new Set<string>();
      context.on('request', (request) => void hosts.add(hostOf(request.url())));
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT_MS);
      const subscription = `subscription { taskUpdated(id: "${id}") { status downloadUrl } }`;
      await page.goto(`${keyed.url}?query=${encodeURIComponent(subscription)}`, {
        waitUntil: 'domcontentloaded',
      });
      await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ state: 'visible' });
      // The Headers tab starts with a placeholder; replace it with the key.
      await page.locator('button[data-name="headers"]').click();
      const headers = page.locator('.graphiql-editor-tool .monaco-editor:visible');
      await headers.click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(JSON.stringify({ authorization: `Bearer ${key}` }));
      await page.locator('.graphiql-execute-button').click();
      await expect
        .poll(() => editorText(page, '.graphiql-response'), { timeout: TIMEOUT_MS })
        .toContain('"SUCCEEDED"');
      expect([...hosts]).toEqual([GATEWAY_HOST]);
      await page.screenshot({ path: '/tmp/graphiql-keys.png' });
      await context.close();
    } finally {
      await keyed.close();
    }
  });
});
