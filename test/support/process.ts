import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { TEST_ENV } from './app.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A port that was free a moment ago (the OS picks it; we release it for the child to take). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  server.close();
  await once(server, 'close');
  return address.port;
}

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  origin: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** Runs `src/main.ts` from source (as `npm run dev` does; `npm start` runs the same code compiled, dist/main.js) and waits until it logs the address it listens on. */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    // REDIS_URL (set in CI) is dropped: these processes test the embedded deployment.
    env: { ...process.env, ...TEST_ENV, REDIS_URL: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const origin = /gateway listening on (http:\/\/[^\s"]+)\/graphql/.exec(output)?.[1];
      if (origin) resolve(origin);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`gateway exited (${code}) before listening:\n${output}`)));
  });
  const origin = await listening;
  return { child, url: `${origin}/graphql`, origin, output: () => output, exited };
}
