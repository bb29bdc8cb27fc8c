/**
 * HTTP servers for vendor sandboxes under test: each listens on 127.0.0.1, port 0, and is closed
 * (open connections and all) after each test of the suite that asked for them. `start` serves a
 * sandbox behind an optional man in the middle; cloud-sandboxes.ts and patsnap-api.ts build on these.
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';

export interface SandboxServers {
  /** Serves `handler`; resolves to the server's `127.0.0.1:<port>`. */
  listen(handler: RequestListener): Promise<string>;
  /** The same, with the server itself. */
  serve(handler: RequestListener): Promise<{ host: string; server: Server }>;
  /** Serves the sandbox `create` makes, which learns its public origin (`http://<host>`) once listening. */
  start<S extends Handles>(create: (publicOrigin: () => string) => S): Promise<ServedSandbox<S>>;
}

/** What a sandbox offers its server. */
export interface Handles {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export interface ServedSandbox<S> {
  sandbox: S;
  /** `127.0.0.1:<port>` */
  host: string;
  /** `http://<host>` */
  origin: string;
  /** While `tamper.fn` is set, it rewrites each request before the sandbox reads it (a man in the middle). */
  tamper: { fn?: Tamper };
}

/** Call at the top of a test file or in a describe: the servers are closed after each of its tests. */
export function sandboxServers(): SandboxServers {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  });
  const serve = async (handler: RequestListener) => {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, server };
  };
  return {
    serve,
    listen: async (handler) => (await serve(handler)).host,
    async start(create) {
      let origin = '';
      const sandbox = create(() => origin);
      const tamper: { fn?: Tamper } = {};
      const { host } = await serve(
        tampering(
          (req, res) => sandbox.handle(req, res),
          () => tamper.fn,
        ),
      );
      origin = `http://${host}`;
      return { sandbox, host, origin, tamper };
    },
  };
}

export interface TestRedis {
  /** The connection (set before the suite's tests run). */
  readonly redis: Redis;
  /** A key prefix of its own for one test, `test:sandbox:<uuid>:<suffix>` (its keys are deleted afterwards). */
  freshPrefix(suffix?: string): string;
}

/** Call in a describe: one Redis connection for its tests; the keys under their prefixes go after it. */
export function testRedis(url: string | undefined): TestRedis {
  let redis: Redis | undefined;
  const prefixes: string[] = [];
  beforeAll(() => {
    redis = new Redis(url as string, { maxRetriesPerRequest: 2 });
  });
  afterAll(async () => {
    if (redis === undefined) return;
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
  });
  return {
    get redis(): Redis {
      if (redis === undefined) throw new Error('testRedis: no connection before the suite runs');
      return redis;
    },
    freshPrefix(suffix = '') {
      const keyPrefix = `test:sandbox:${randomUUID()}:${suffix}`;
      prefixes.push(keyPrefix);
      return keyPrefix;
    },
  };
}

/** Rewrites a request's URL and body before the sandbox reads them (a man in the middle). */
export type Tamper = (url: string, body: Buffer) => { url: string; body: Buffer };

/**
 * `handle`, behind a man in the middle: while `tamper()` returns a rewrite, each request is read whole,
 * rewritten and handed on as a request with the new URL and body (method and headers unchanged).
 */
export function tampering(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  tamper: () => Tamper | undefined,
): RequestListener {
  return (req, res) => {
    const fn = tamper();
    if (fn === undefined) return void handle(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const changed = fn(req.url ?? '/', Buffer.concat(chunks));
      const fake = Object.assign(Readable.from([changed.body]), {
        url: changed.url,
        method: req.method,
        headers: req.headers,
      }) as unknown as IncomingMessage;
      void handle(fake, res);
    });
  };
}
