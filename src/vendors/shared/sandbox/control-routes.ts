/**
 * What every vendor sandbox does alike besides speaking its vendor's protocol: check its common
 * options at start-up, read and reset its statistics, and answer the test controls
 *   GET /_stats, POST /_stats/reset, POST /_faults, POST /_faults/clear
 * (no auth, no QPS). A sandbox adds its own controls next to these (PatSnap: revoke-tokens).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http.js';
import type { SandboxCounters, SandboxState } from './state.js';

/** The options every sandbox takes. */
export interface CommonSandboxOptions {
  /** Without trailing slashes. */
  basePath: string;
  taskMs: number;
  qps: number;
  secret: string;
}

/**
 * Bad configuration is a start-up error, not something to discover on the first request: throws a
 * TypeError naming `vendor` with the common problems first, then the sandbox's own `more`.
 */
export function assertSandboxOptions(
  vendor: string,
  opts: CommonSandboxOptions,
  more: (string | false)[] = [],
): void {
  const problems = [
    opts.basePath !== '' && !opts.basePath.startsWith('/') && 'basePath must start with /',
    !(opts.taskMs >= 0 && Number.isFinite(opts.taskMs)) && 'taskMs must be a finite number >= 0',
    !(opts.qps >= 0) && 'qps must be >= 0',
    opts.secret === '' && 'secret must not be empty',
    ...more,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new TypeError(`${vendor} sandbox options: ${problems.join('; ')}`);
}

/** The parts of a sandbox the controls reach. */
export interface ControlledSandbox<Stats, Spec> {
  /** Budget and cluster-wide statistics. */
  state: SandboxState;
  /** This instance's view. */
  stats: Stats & { reset(): void };
  /** Per instance. */
  faults: { inject(spec: Spec): void; clear(): void };
}

/** How a sandbox shows its statistics: a copy of its own, or the cluster's counters in its shape. */
export interface StatsShape<Stats, Snapshot> {
  snapshotOf(stats: Stats): Snapshot;
  statsOfCounters(counters: SandboxCounters): Snapshot;
}

/** What GET /_stats answers: the cluster-wide figures with a shared state, else a copy of `stats`. */
export async function readSandboxStats<Stats, Snapshot>(
  sandbox: ControlledSandbox<Stats, unknown>,
  shape: StatsShape<Stats, Snapshot>,
): Promise<Snapshot> {
  return sandbox.state.shared
    ? shape.statsOfCounters(await sandbox.state.readCounters())
    : shape.snapshotOf(sandbox.stats);
}

/** What POST /_stats/reset does: zeroes `stats` and, with a shared state, the cluster's figures. */
export async function resetSandboxStats(sandbox: ControlledSandbox<unknown, unknown>): Promise<void> {
  sandbox.stats.reset();
  await sandbox.state.resetCounters();
}

export type ControlRoute<S> = (sandbox: S, req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** The common controls, keyed `${method} ${path below basePath}`. */
export function controlRoutes<S extends ControlledSandbox<Stats, Spec>, Stats, Spec>(opts: {
  shape: StatsShape<Stats, unknown>;
  parseFaultSpec: (input: unknown) => Spec | undefined;
  /** The most a POST /_faults body may carry. */
  maxBodyBytes: number;
}): Record<string, ControlRoute<S>> {
  return {
    'GET /_stats': async (sandbox, _req, res) =>
      sendJson(res, 200, await readSandboxStats(sandbox, opts.shape)),
    'POST /_stats/reset': async (sandbox, _req, res) => {
      await resetSandboxStats(sandbox);
      sendJson(res, 200, { ok: true });
    },
    'POST /_faults': async (sandbox, req, res) => {
      const body = await readBody(req, opts.maxBodyBytes);
      let spec: Spec | undefined;
      try {
        spec = opts.parseFaultSpec(JSON.parse(body.toString('utf8')));
      } catch {
        spec = undefined;
      }
      if (spec === undefined)
        return sendJson(res, 400, { ok: false, error: 'expected {operation, kind, times?, delayMs?}' });
      sandbox.faults.inject(spec);
      sendJson(res, 200, { ok: true });
    },
    'POST /_faults/clear': (sandbox, _req, res) => {
      sandbox.faults.clear();
      sendJson(res, 200, { ok: true });
    },
  };
}

/** What a sandbox offers its mount and its tests. */
export interface VendorSandbox<Stats, Snapshot, Faults> {
  /** Node http handler; req.url starts with basePath. Never throws; always answers. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** This instance's calls, updated synchronously (with the default state: all the calls). */
  stats: Stats;
  /** What GET /_stats answers: the cluster-wide figures with a shared state, else a copy of `stats`. */
  readStats(): Promise<Snapshot>;
  /** What POST /_stats/reset does: zeroes `stats` and, with a shared state, the cluster's figures. */
  resetStats(): Promise<void>;
  /** Per instance. */
  faults: Faults;
}

/** The public face of `sandbox`, answering with `handle`. */
export function vendorSandbox<S extends ControlledSandbox<Stats, unknown>, Stats, Snapshot>(
  sandbox: S,
  handle: (sandbox: S, req: IncomingMessage, res: ServerResponse) => Promise<void>,
  shape: StatsShape<Stats, Snapshot>,
): VendorSandbox<S['stats'], Snapshot, S['faults']> {
  return {
    handle: (req, res) => handle(sandbox, req, res),
    stats: sandbox.stats,
    readStats: () => readSandboxStats(sandbox, shape),
    resetStats: () => resetSandboxStats(sandbox),
    faults: sandbox.faults,
  };
}
