import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * `npm run build:console`: bundles the task console (console/) into dist/console-assets/, where the
 * gateway serves it from at /console (src/console/assets.ts): console.js (the page and the graphql-ws
 * client), console.css, index.html, and the console's trusted-documents manifest. The tests run it
 * once before they start (test/support/build-console.ts).
 */

const root = new URL('../', import.meta.url);
export const CONSOLE_ASSETS_DIR = fileURLToPath(new URL('dist/console-assets/', root));

export async function buildConsole(outdir: string = CONSOLE_ASSETS_DIR): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    absWorkingDir: fileURLToPath(root),
    entryPoints: { console: 'console/src/main.ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: true,
    legalComments: 'none',
    outdir,
    logLevel: 'warning',
  });
  copyFileSync(new URL('console/index.html', root), `${outdir}/index.html`);
  copyFileSync(
    new URL('console/generated/persisted-documents.json', root),
    `${outdir}/persisted-documents.json`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildConsole();
  console.log(`console built into ${CONSOLE_ASSETS_DIR}`);
}
