/**
 * `npm run bench [-- --quick] [-- --out FILE] [-- --only fan-out,http,rate-limit,idle,redis]`
 *
 * Runs the issue-6 benchmarks against the PatSnap sandbox on loopback and prints one table; raw
 * figures and the machine go to FILE (default bench-results.json). Every server under test is a
 * child process (the vendor sandbox in a gateway process of its own, the measured gateway pointed at
 * it, a bare graphql-yoga for comparison); the clients run in this process. Targets are printed
 * beside the figures, never asserted: the exit code is 0 whenever the run itself worked. `redis`
 * (three instances on REDIS_URL) runs only when REDIS_URL is set; without it the table says so.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runFanOut } from './fan-out.js';
import { runHttpOverhead, startVariantGateways } from './http-overhead.js';
import { runIdleCost } from './idle-cost.js';
import { gql, startExport } from './lib/graphql.js';
import { ensureBuilt, freePort, installCleanup, projectRoot, startServer } from './lib/processes.js';
import { type BenchResult, fmt, renderTable } from './lib/report.js';
import { type Gateway, startGateway, startVendor, vendorBase } from './lib/topology.js';
import { runRateLimit } from './rate-limit.js';
import { type EmbeddedFigures, runRedis } from './redis.js';

const BENCHES = ['fan-out', 'http', 'rate-limit', 'idle', 'redis'] as const;
type BenchName = (typeof BENCHES)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results.json' },
    only: { type: 'string' },
    'profile-idle': { type: 'boolean', default: false },
  },
});

const quick = args.quick === true;
const redisUrl = process.env.REDIS_URL?.trim() || null;
const selected = new Set<BenchName>(
  // Without REDIS_URL, `redis` only prints that it was skipped.
  args.only ? (args.only.split(',').map((s) => s.trim()) as BenchName[]) : BENCHES,
);
for (const name of selected) {
  if (!BENCHES.includes(name)) throw new Error(`--only: unknown benchmark ${name} (${BENCHES.join(', ')})`);
}

// Subscriptions are sent 1,000 at a time, each batch once the previous one has its first events.
const PACING = { batch: 1000, minBatchMs: 0 };

const config = quick
  ? {
      fanOut: {
        sizes: [1, 100, 1000],
        perSocket: 100,
        pollMs: 1000,
        taskMs: 2500,
        pacing: PACING,
        compareAt: 1000,
        backgroundTasks: 200,
      },
      http: { durationS: 1, connections: 10, sequential: 100, rounds: 1, warmupS: 0 },
      rateLimit: { tasks: 200, qps: 20 },
      idle: { tasks: 1000, capMs: 30_000, warmupMs: 1500, windowMs: 5_000 },
      redis: {
        fanOut: { sizes: [1, 1000], perSocket: 100, pollMs: 1000, taskMs: 2500, pacing: PACING },
        idle: { tasks: 1000, capMs: 30_000, warmupMs: 3000, windowMs: 4_000 },
      },
    }
  : {
      fanOut: {
        sizes: [1, 100, 1000, 5000, 10_000],
        perSocket: 100,
        pollMs: 1000,
        taskMs: 10_500,
        pacing: PACING,
        compareAt: 5000,
        backgroundTasks: 200,
      },
      http: { durationS: 10, connections: 10, sequential: 500, rounds: 5, warmupS: 2 },
      rateLimit: { tasks: 5000, qps: 20 },
      idle: { tasks: 10_000, capMs: 30_000, warmupMs: 5000, windowMs: 30_000 },
      redis: {
        fanOut: { sizes: [1, 5000], perSocket: 100, pollMs: 1000, taskMs: 10_500, pacing: PACING },
        idle: { tasks: 10_000, capMs: 30_000, warmupMs: 5000, windowMs: 15_000 },
      },
    };

function failure(name: string, bench: string, error: unknown): BenchResult {
  const message = error instanceof Error ? error.message : String(error);
  process.stdout.write(`  ${name} FAILED: ${message}\n`);
  return {
    name,
    rows: [{ bench, measure: 'benchmark failed', value: message.split('\n')[0]?.slice(0, 160) ?? '' }],
    notes: [`${name} failed: ${message}`],
    raw: { error: message },
  };
}

async function main(): Promise<void> {
  installCleanup();
  const buildMs = ensureBuilt();
  if (buildMs > 0)
    process.stdout.write(`bench: built dist/ first (${fmt.s(buildMs)}, not counted in the run)\n`);
  const started = Date.now();
  const loadBefore = loadavg();
  process.stdout.write(`bench (${quick ? 'quick' : 'full'}): starting processes\n`);

  const needsVendorA =
    selected.has('fan-out') ||
    selected.has('http') ||
    selected.has('idle') ||
    (selected.has('redis') && redisUrl);
  const needsGateway = selected.has('fan-out') || selected.has('http');
  // Everything starts at once: the vendor's port is picked beforehand so that the measured gateway
  // can be pointed at it before it listens (the gateway calls its vendor only when it has work).
  const vendorPort = await freePort();
  const [vendorA, vendorB, bare, gateway, httpVariants] = await Promise.all([
    needsVendorA
      ? startVendor('vendor', { qps: 100_000, taskMs: config.fanOut.taskMs, port: vendorPort })
      : null,
    selected.has('rate-limit')
      ? startVendor('vendor-rate-limited', { qps: config.rateLimit.qps, taskMs: 6000 })
      : null,
    selected.has('http')
      ? startServer('bare-yoga', 'test/bench/bare-yoga.ts', { PORT: '0', NODE_ENV: 'production' })
      : null,
    needsGateway
      ? startGateway(
          'gateway',
          { base: vendorBase(`http://127.0.0.1:${vendorPort}`) },
          {
            PATSNAP_QPS: '100000',
            POLL_INITIAL_MS: String(config.fanOut.pollMs),
            POLL_MAX_MS: String(config.fanOut.pollMs),
            POLL_JITTER: '0',
          },
        )
      : null,
    selected.has('http')
      ? startVariantGateways({ base: vendorBase(`http://127.0.0.1:${vendorPort}`) }).catch(
          (error: unknown) => {
            // The layer variants are extra rows; the rest of the HTTP benchmark runs without them.
            process.stdout.write(
              `  http variants did not start: ${error instanceof Error ? error.message : error}\n`,
            );
            return null;
          },
        )
      : null,
  ]);

  const results: BenchResult[] = [];
  const embedded: EmbeddedFigures = {};
  let taskId: string | null = null;
  if (selected.has('fan-out') && gateway && vendorA) {
    process.stdout.write('1-3 fan-out, push latency, subscription scale\n');
    try {
      const fanOut = await runFanOut(gateway, vendorA, config.fanOut);
      results.push(...fanOut.results);
      taskId = fanOut.task.id;
      embedded.fanOut = fanOut.runs;
    } catch (error) {
      results.push(failure('fan-out', '1-3 fan-out', error));
    }
  }
  if (selected.has('http') && gateway && vendorA && bare) {
    process.stdout.write('4 HTTP overhead\n');
    try {
      taskId ??= await someTaskId(gateway);
      results.push(
        await runHttpOverhead(
          {
            bareUrl: `${bare.origin}/graphql`,
            gatewayUrl: gateway.url,
            taskId,
            vendor: vendorA,
            variants: httpVariants?.variants ?? [],
          },
          config.http,
        ),
      );
    } catch (error) {
      results.push(failure('http-overhead', '4 HTTP overhead', error));
    }
  }
  await Promise.all([gateway?.process.stop(), bare?.stop(), httpVariants?.stop()]);

  if (selected.has('rate-limit') && vendorB) {
    process.stdout.write('5 rate-limit compliance\n');
    try {
      results.push(await runRateLimit(vendorB, config.rateLimit));
    } catch (error) {
      results.push(failure('rate-limit', '5 rate limit', error));
    }
  }
  await vendorB?.process.stop();

  if (selected.has('idle') && vendorA) {
    process.stdout.write('6 idle cost\n');
    try {
      // The profile outlives the run (not a temporary directory), outside the repository.
      const profileDir = join(tmpdir(), 'bench-profiles');
      const nodeArgs = args['profile-idle'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
      if (nodeArgs.length) process.stdout.write(`  CPU profile of the idle gateway -> ${profileDir}\n`);
      const idle = await runIdleCost(vendorA, { ...config.idle, nodeArgs });
      results.push(idle);
      const r = idle.raw as { cpuMs?: number; polls?: number; cpuShare?: number };
      if (r.cpuMs !== undefined && r.polls !== undefined && r.cpuShare !== undefined) {
        embedded.idle = { cpuMs: r.cpuMs, polls: r.polls, cpuShare: r.cpuShare, tasks: config.idle.tasks };
      }
    } catch (error) {
      results.push(failure('idle-cost', '6 idle cost', error));
    }
  }

  if (selected.has('redis')) {
    process.stdout.write('7 Redis, three instances\n');
    if (!redisUrl || !vendorA) {
      process.stdout.write('  skipped: REDIS_URL is not set\n');
      results.push({
        name: 'redis',
        rows: [
          { bench: '7 Redis', measure: 'three instances on Redis', value: 'skipped: REDIS_URL is not set' },
        ],
        notes: [
          'redis: skipped, REDIS_URL is not set (e.g. REDIS_URL=redis://127.0.0.1:6379 npm run bench).',
        ],
        raw: { skipped: 'REDIS_URL is not set' },
      });
    } else {
      try {
        results.push(await runRedis(vendorA, redisUrl, config.redis, embedded));
      } catch (error) {
        results.push(failure('redis', '7 Redis', error));
      }
    }
  }
  await vendorA?.process.stop();

  const durationMs = Date.now() - started;
  const rows = results.flatMap((r) => r.rows);
  process.stdout.write(`\n${renderTable(rows)}\n\n`);
  for (const note of results.flatMap((r) => r.notes)) process.stdout.write(`- ${note}\n`);
  const cpuList = cpus();
  const machine = {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    cpuSpeedMHz: cpuList[0]?.speed ?? null,
    memoryBytes: totalmem(),
    node: process.version,
    platform: `${platform()} ${release()}`,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg(),
  };
  const missed = rows.filter((r) => r.pass === false).length;
  const passed = rows.filter((r) => r.pass === true).length;
  process.stdout.write(
    `\n${quick ? 'quick' : 'full'} run: ${fmt.s(durationMs)} on ${machine.cpus} x ${machine.cpuModel}, ` +
      `node ${machine.node}; targets: ${passed} pass, ${missed} missed. ` +
      `Load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')} (figures are noisy when the machine is busy).\n`,
  );
  const out = resolve(projectRoot, args.out ?? 'bench-results.json');
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        mode: quick ? 'quick' : 'full',
        startedAt: new Date(started).toISOString(),
        durationMs,
        machine,
        config,
        table: rows,
        results: results.map((r) => ({ name: r.name, durationMs: r.durationMs, notes: r.notes, raw: r.raw })),
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`raw figures: ${out}\n`);
}

/** Any task of the gateway, for task(id) when the fan-out benchmark did not run. */
/** A task whose state no longer changes, so every answer of task(id){status} is the same. */
async function someTaskId(gateway: Gateway): Promise<string> {
  const { id } = await startExport(gateway.url, 'bench http');
  for (;;) {
    const { task } = await gql<{ task: { status: string } }>(
      gateway.url,
      'query($id: ID!) { task(id: $id) { status } }',
      { id },
    );
    if (task.status !== 'QUEUED' && task.status !== 'RUNNING') return id;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
