import { join } from 'node:path';
import { cpuTimeMs, metric, rssBytes, sleep, vendorStats } from './lib/probe.js';
import { tempDir } from './lib/processes.js';
import { type BenchResult, fmt } from './lib/report.js';
import { seedTasks } from './lib/seed.js';
import { startGateway, type Vendor } from './lib/topology.js';

/**
 * Benchmark 6: `tasks` exports that stay PENDING for hours, polled with a 30 s cap, seeded into the
 * gateway's SQLite file with their next polls spread evenly over the coming 30 s (the steady state of
 * tasks that have been waiting a while). Measured over a window: the gateway process's CPU time (from
 * /proc/<pid>/stat) as a share of one core, its RSS, and the vendor status calls it made meanwhile.
 */

export interface IdleOptions {
  tasks: number;
  capMs: number;
  warmupMs: number;
  windowMs: number;
  /** Extra node flags for the gateway, e.g. ['--cpu-prof', '--cpu-prof-dir=...']. */
  nodeArgs?: string[];
}

export async function runIdleCost(vendor: Vendor, opts: IdleOptions): Promise<BenchResult> {
  const started = Date.now();
  const databasePath = join(tempDir('idle'), 'gateway.db');
  const now = Date.now();
  await seedTasks(databasePath, {
    count: opts.tasks,
    vendorCreatedAt: now,
    vendorDurationMs: 6 * 60 * 60 * 1000,
    nextPollAt: (i) => now + 2_000 + Math.floor((i * opts.capMs) / opts.tasks),
    intervalMs: opts.capMs,
  });
  process.stdout.write(`  idle: ${fmt.int(opts.tasks)} waiting tasks, ${fmt.s(opts.windowMs)} window ... `);
  const gw = await startGateway(
    'gateway-idle',
    vendor,
    {
      PATSNAP_QPS: '100000',
      POLL_INITIAL_MS: String(opts.capMs),
      POLL_MAX_MS: String(opts.capMs),
    },
    { databasePath, ...(opts.nodeArgs ? { nodeArgs: opts.nodeArgs } : {}) },
  );
  try {
    const pid = gw.process.pid;
    const startupCpu = cpuTimeMs(pid);
    await sleep(opts.warmupMs);
    const statsBefore = await vendorStats(vendor.base);
    const cpuBefore = cpuTimeMs(pid);
    const t0 = performance.now();
    const rssSamples: number[] = [];
    while (performance.now() - t0 < opts.windowMs) {
      await sleep(Math.min(1000, opts.windowMs - (performance.now() - t0)));
      const rss = rssBytes(pid);
      if (rss !== null) rssSamples.push(rss);
    }
    const cpuAfter = cpuTimeMs(pid);
    const elapsed = performance.now() - t0;
    const statsAfter = await vendorStats(vendor.base);
    const heap = await metric(gw.origin, 'nodejs_heap_size_used_bytes');
    const polls = (statsAfter.calls['export.status'] ?? 0) - (statsBefore.calls['export.status'] ?? 0);
    const cpuMs = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : Number.NaN;
    const cpuShare = cpuMs / elapsed;
    const callsPerSecond = (polls / elapsed) * 1000;
    const rssMax = rssSamples.length ? Math.max(...rssSamples) : Number.NaN;
    const bench = '6 idle cost';
    process.stdout.write(`CPU ${fmt.pct(cpuShare)} of one core at ${fmt.num(callsPerSecond)} polls/s\n`);
    return {
      name: 'idle-cost',
      rows: [
        {
          bench,
          measure: `gateway CPU, ${fmt.int(opts.tasks)} waiting tasks, ${fmt.s(opts.capMs)} cap`,
          value: `${fmt.pct(cpuShare)} of one core at ${fmt.num(callsPerSecond)} status calls/s`,
          target: '< 5 % of one core',
          pass: cpuShare < 0.05,
        },
        {
          bench,
          measure: 'CPU per status poll',
          value: fmt.ms(cpuMs / polls, 3),
        },
        {
          bench,
          measure: 'gateway RSS (max in window) / heap used',
          value: `${fmt.mb(rssMax)} / ${fmt.mb(heap)}`,
        },
      ],
      notes: [
        `idle: ${fmt.int(opts.tasks)} RUNNING export records seeded into the gateway's SQLite file (vendor ids ` +
          'minted with the shared secret, PENDING for 6 h at the vendor), interval 30 s, first polls spread ' +
          `evenly over ${fmt.s(opts.capMs)} from 2 s after seeding; POLL_INITIAL_MS = POLL_MAX_MS = ${opts.capMs}, ` +
          `default jitter. After ${fmt.s(opts.warmupMs)} of warm-up, CPU = utime + stime delta of the gateway ` +
          `process over ${fmt.s(elapsed)}; status calls from the vendor's counter over the same window ` +
          `(a ${fmt.s(opts.capMs)} cap still means tasks / 30 = ${fmt.num(opts.tasks / (opts.capMs / 1000))} ` +
          'polls per second).',
      ],
      raw: {
        tasks: opts.tasks,
        capMs: opts.capMs,
        windowMs: elapsed,
        cpuMs,
        cpuShare,
        startupCpuMs: startupCpu,
        polls,
        callsPerSecond,
        rssSamples,
        heapUsed: heap,
      },
      durationMs: Date.now() - started,
    };
  } finally {
    await gw.process.stop();
  }
}
