import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it); never a browser downloaded by Playwright (no internet in CI). */
export const CHROMIUM = '/usr/bin/chromium';

// Required on the closed CI network. Playwright itself adds `--user-data-dir` with a fresh temporary
// profile (it refuses the flag in `args`) and deletes it on close.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Debian chromium, or a clear error when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does this)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** The host a page's request goes to; blob: URLs belong to the origin inside them, data: URLs go nowhere. */
export function hostOf(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'data:') return '(data:)';
  if (parsed.protocol === 'blob:') return new URL(parsed.pathname).hostname;
  return parsed.hostname;
}
