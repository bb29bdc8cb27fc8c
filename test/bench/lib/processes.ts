import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Child processes and temporary directories of a benchmark run. Everything started here is killed
 * when the run ends, however it ends (normal exit, thrown error, Ctrl-C, SIGTERM), and every
 * temporary directory is removed, so a run never leaves a process or a bound port behind.
 */

export const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

function killAllNow(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

let installed = false;
/** Registers the exit hooks; call once at the start of the run. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping child processes\n`);
      killAllNow();
      process.exit(130);
    });
  }
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

export interface ServerProcess {
  name: string;
  pid: number;
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** When the process logged that it listens (epoch ms, this machine's clock). */
  listeningAt: number;
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `node <entry>` (`node --import tsx <entry>` for TypeScript) from the project root and waits for the line
 * `... listening on http://host:port/...`, which both the gateway and bare-yoga.ts print.
 */
export async function startServer(
  name: string,
  entry: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  // Compiled JavaScript (the gateway's dist/) runs as in production; TypeScript through tsx.
  const args = entry.endsWith('.js') ? [...nodeArgs, entry] : [...nodeArgs, '--import', 'tsx', entry];
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      children.delete(child);
      resolve();
    });
  });
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name}: not listening after 60 s:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      // Keep the start of the output for error messages; a long run must not grow it without bound.
      if (output.length < 64_000) output += chunk.toString();
      const match = /listening on (http:\/\/[^\s"/]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before listening:\n${output}`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: no pid`);
  return {
    name,
    pid,
    origin,
    listeningAt: Date.now(),
    output: () => output,
    async stop(graceMs = 3000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Unlocks the sandboxes' control routes (`/_stats`) that the benchmarks read. */
export const BENCH_SANDBOX_CONTROL_TOKEN = 'bench-sandbox-control-token';

/** Common environment of every gateway process of the run (vendor sandboxes included). */
export function gatewayEnv(databasePath: string, env: Record<string, string>): Record<string, string> {
  return {
    // As deployed, and as the bare baselines run: graphql-js checks every type test for a second copy
    // of itself outside production, which cost the gateway 3 to 13 % of its task(id) throughput.
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    AUTH: 'none',
    // The benchmarks measure the gateway at scale, not its per-tenant budgets.
    LIMIT_REQUESTS_PER_MINUTE: '1000000',
    LIMIT_ACTIVE_TASKS: '1000000',
    LIMIT_SUBSCRIPTIONS: '1000000',
    LIMIT_SUBSCRIPTIONS_PER_CONNECTION: '10000',
    SANDBOX_CONTROL_TOKEN: BENCH_SANDBOX_CONTROL_TOKEN,
    DATABASE_PATH: databasePath,
    ...env,
  };
}

/** A port that was free a moment ago (the OS picks it and we release it for a child to take). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The newest modification time under `dir` (files only), 0 when it does not exist. */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * The benchmarks measure the compiled gateway (`node dist/main.js`, as `npm start` runs it): builds
 * it first when any source is newer than the build. Returns the build's duration, 0 when it was current.
 */
export function ensureBuilt(): number {
  const built = join(projectRoot, 'dist', 'main.js');
  const sources = Math.max(newestMtime(join(projectRoot, 'src')), newestMtime(join(projectRoot, 'console')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return 0;
  const started = Date.now();
  execFileSync('npm', ['run', 'build'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  return Date.now() - started;
}
