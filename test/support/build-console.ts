import { buildConsole } from '../../scripts/build-console.js';

/**
 * vitest globalSetup: the gateway serves the console from dist/console-assets/, so build it once
 * before any test starts a gateway (esbuild, in-process: well under a second).
 */
export default async function setup(): Promise<void> {
  await buildConsole();
}
