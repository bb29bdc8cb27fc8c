import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpuTimeMs, metric, rssBytes, sleep, vendorStats } from './lib/probe.js';
import { startServer, tempDir } from './lib/processes.js';
import { type BenchResult, fmt, type Row } from './lib/report.js';
import { seedTasks } from './lib/seed.js';
import { SANDBOX_CLIENT_ID, startGateway, type Vendor, vendorToken } from './lib/topology.js';

/**
 * Benchmark 6: `tasks` exports that stay PENDING for hours, polled with a 30 s cap, seeded into the
 * gateway's SQLite file with their next polls spread evenly over the coming 30 s (the steady state of
 * tasks that have been waiting a while). Measured over a window: the gateway process's CPU time (from
 * /proc/<pid>/stat) as a share of one core, its RSS, and the vendor status calls it made meanwhile.
 *
 * Right after (not concurrently), the baseline: bare-poller.ts polls the same status endpoint for the
 * same vendor task ids at the same rate (tasks / cap per second) with undici's request(), measured
 * the same way over a window of the same length.
 */

export interface BarePollRun {
  cpuMs: number;
  windowMs: number;
  polls: number;
  perPollMs: number;
  share: number;
  callsPerSecond: number;
  /** The poller's own count: answers that were not a well-formed P055 success. */
  failed: number;
}

/** CPU per poll of the least a poller can do: same endpoint, ids and rate as the gateway. */
export async function runBarePoller(
  vendor: Vendor,
  vendorTaskIds: readonly string[],
  opts: { ratePerSecond: number; warmupMs: number; windowMs: number },
): Promise<BarePollRun> {
  const file = join(tempDir('bare-poller'), 'ids.json');
  writeFileSync(file, JSON.stringify(vendorTaskIds));
  const token = await vendorToken(vendor);
  const poller = await startServer('bare-poller', 'test/bench/bare-poller.ts', {
    PORT: '0',
    NODE_ENV: 'production',
    BARE_POLL_BASE: vendor.base,
    BARE_POLL_TOKEN: token,
    BARE_POLL_CLIENT_ID: SANDBOX_CLIENT_ID,
    BARE_POLL_IDS_FILE: file,
    BARE_POLL_RATE: String(opts.ratePerSecond),
  });
  const own = async () =>
    (await (await fetch(`${poller.origin}/stats`)).json()) as { ok: number; failed: number };
  try {
    await sleep(opts.warmupMs);
    const statsBefore = await vendorStats(vendor.base);
    const ownBefore = await own();
    const cpuBefore = cpuTimeMs(poller.pid);
    const t0 = performance.now();
    await sleep(opts.windowMs);
    const cpuAfter = cpuTimeMs(poller.pid);
    const windowMs = performance.now() - t0;
    const statsAfter = await vendorStats(vendor.base);
    const ownAfter = await own();
    const polls = (statsAfter.calls['export.status'] ?? 0) - (statsBefore.calls['export.status'] ?? 0);
    const cpuMs = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : Number.NaN;
    return {
      cpuMs,
      windowMs,
      polls,
      perPollMs: cpuMs / polls,
      share: cpuMs / windowMs,
      callsPerSecond: (polls / windowMs) * 1000,
      failed: ownAfter.failed - ownBefore.failed,
    };
  } finally {
    await poller.stop();
  }
}

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
  const vendorTaskIds = await seedTasks(databasePath, {
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
  const bench = '6 idle cost';
  let result: BenchResult;
  let gatewayPerPoll = Number.NaN;
  let gatewayWindow = opts.windowMs;
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
    process.stdout.write(`CPU ${fmt.pct(cpuShare)} of one core at ${fmt.num(callsPerSecond)} polls/s\n`);
    gatewayPerPoll = cpuMs / polls;
    gatewayWindow = elapsed;
    const full = opts.tasks >= 10_000;
    const at10k = (10_000 / (opts.capMs / 1000)) * gatewayPerPoll;
    result = {
      name: 'idle-cost',
      rows: [
        {
          bench,
          measure: `gateway CPU, ${fmt.int(opts.tasks)} waiting tasks, ${fmt.s(opts.capMs)} cap`,
          value: `${fmt.pct(cpuShare)} of one core at ${fmt.num(callsPerSecond)} status calls/s`,
          target: full ? '< 10 % of one core' : '(< 10 % at 10,000: full run)',
          pass: full ? cpuShare < 0.1 : null,
        },
        ...(full
          ? []
          : [
              {
                bench,
                measure: `  extrapolated to 10,000 tasks (${fmt.num(10_000 / (opts.capMs / 1000))} polls/s x CPU per poll)`,
                value: `${fmt.pct(at10k / 1000)} of one core`,
              },
            ]),
        {
          bench,
          measure: 'gateway CPU per status poll',
          value: fmt.ms(gatewayPerPoll, 3),
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
          'polls per second). The embedded scheduler starts polls due within one 100 ms slot together ' +
          '(src/scheduler/local-scheduler.ts), so they go out about 33 at a time, 10 times a second.',
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
    };
  } finally {
    await gw.process.stop();
  }

  // The baseline right after the gateway's window, with the gateway gone (the vendor counts only it).
  const ratePerSecond = opts.tasks / (opts.capMs / 1000);
  process.stdout.write(`  idle: bare undici poller at ${fmt.num(ratePerSecond)} polls/s ... `);
  let barePoll: BarePollRun | null = null;
  let bareError = '';
  try {
    barePoll = await runBarePoller(vendor, vendorTaskIds, {
      ratePerSecond,
      warmupMs: Math.min(opts.warmupMs, 2000),
      windowMs: gatewayWindow,
    });
    process.stdout.write(
      `CPU ${fmt.pct(barePoll.share)} of one core, ${fmt.ms(barePoll.perPollMs, 3)} per poll\n`,
    );
  } catch (error) {
    bareError = error instanceof Error ? error.message : String(error);
    process.stdout.write(`FAILED: ${bareError}\n`);
  }
  const ratio = barePoll ? gatewayPerPoll / barePoll.perPollMs : Number.NaN;
  const bareRows: Row[] = [
    {
      bench,
      measure: 'bare undici CPU per poll (same endpoint, ids, rate)',
      value: barePoll
        ? `${fmt.ms(barePoll.perPollMs, 3)} (${fmt.pct(barePoll.share)} of one core at ${fmt.num(barePoll.callsPerSecond)} calls/s)`
        : `n/a: ${bareError.slice(0, 100)}`,
    },
    {
      bench,
      measure: 'CPU per poll, gateway / bare undici',
      value: barePoll ? `${fmt.ratio(ratio)}x` : 'n/a',
      target: '<= 2x',
      pass: barePoll ? ratio <= 2 : null,
    },
  ];
  // After "gateway CPU per status poll", before the memory row.
  result.rows.splice(result.rows.length - 1, 0, ...bareRows);
  result.notes.push(
    'bare undici poll: test/bench/bare-poller.ts, a child process started after the gateway had stopped, ' +
      `polls P055 GET {vendor}/patent-search/task?task_id=…&apikey=${SANDBOX_CLIENT_ID} with authorization: Bearer ` +
      `<client-credentials token> for the same ${fmt.int(opts.tasks)} vendor task ids, round-robin, at the same ` +
      `${fmt.num(ratePerSecond)} calls/s evenly spread (one timer), with undici request() over keep-alive ` +
      'connections, reading and JSON-parsing every answer; nothing else (no store, events or scheduler). ' +
      `After ${fmt.s(Math.min(opts.warmupMs, 2000))} of warm-up, its CPU (utime + stime from /proc) over a window ` +
      "of the gateway's length, divided by the vendor's count of status calls in it" +
      (barePoll ? ` (${fmt.int(barePoll.polls)} calls, ${barePoll.failed} not a P055 success)` : '') +
      ". Both per-poll figures include each process's fixed cost over the window (timers, GC, idle " +
      'connections), so they come out higher at a low poll rate (the quick run) than at 10,000 tasks.',
  );
  result.raw.barePoll = barePoll ?? { error: bareError };
  result.durationMs = Date.now() - started;
  return result;
}
