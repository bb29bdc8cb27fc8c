// `npm install` runs this (npm's `prepare` hook), so that `npm install && npm start` on a fresh clone
// starts the compiled gateway with no other step. Plain JavaScript: it must run before anything is built.
//
// With the development dependencies absent (`npm ci --omit=dev` on a tree that already holds dist/, as a
// production image does after building) there is no compiler: keep the existing build and say so. A
// failing compile fails the install, loudly, as it should.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function hasCompiler() {
  try {
    require.resolve('typescript');
    return true;
  } catch {
    return false;
  }
}

if (!hasCompiler()) {
  const built = existsSync(new URL('../dist/main.js', import.meta.url));
  process.stderr.write(
    built
      ? 'prepare: no TypeScript compiler (development dependencies omitted); keeping the existing dist/\n'
      : 'prepare: no TypeScript compiler and no dist/: install with development dependencies, then npm run build\n',
  );
  process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const build = spawnSync(npm, ['run', 'build'], { stdio: 'inherit' });
process.exit(build.status ?? 1);
