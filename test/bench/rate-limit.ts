import { join } from 'node:path';
import { metric, resetVendorStats, sleep, vendorStats } from './lib/probe.js';
import { tempDir } from './lib/processes.js';
import { type BenchResult, fmt } from './lib/report.js';
import { seedTasks } from './lib/seed.js';
import { startGateway, type Vendor } from './lib/topology.js';

/**
 * Benchmark 5: `tasks` exports all due at once against a vendor whose budget is `qps` calls per
 * second (the sandbox refuses anything above it, and the gateway runs with the same PATSNAP_QPS).
 * Starting them through the API would itself take tasks / qps seconds, so they are seeded into the
 * gateway's SQLite file, already finished at the vendor and due now; the gateway resumes all of them
 * on start-up. Measured: the vendor's per-second call counts, and the drain time until every task is
 * SUCCEEDED, against the ideal of (vendor calls) / qps.
 */

export interface RateLimitOptions {
  tasks: number;
  qps: number;
}

export async function runRateLimit(vendor: Vendor, opts: RateLimitOptions): Promise<BenchResult> {
  const started = Date.now();
  const databasePath = join(tempDir('rate-limit'), 'gateway.db');
  const now = Date.now();
  const seedStart = Date.now();
  await seedTasks(databasePath, {
    count: opts.tasks,
    vendorCreatedAt: now - 60_000,
    vendorDurationMs: 1_000,
    nextPollAt: () => now,
    intervalMs: 1_000,
  });
  const seedMs = Date.now() - seedStart;
  await resetVendorStats(vendor.base);
  process.stdout.write(`  rate limit: ${fmt.int(opts.tasks)} seeded tasks at ${opts.qps} req/s ... `);
  const gw = await startGateway(
    'gateway-rate-limit',
    vendor,
    {
      PATSNAP_QPS: String(opts.qps),
      POLL_INITIAL_MS: '1000',
      POLL_MAX_MS: '30000',
    },
    { databasePath },
  );
  try {
    const t0 = gw.process.listeningAt;
    const ideal = ((opts.tasks + 1) / opts.qps) * 1000;
    let doneAt = Number.NaN;
    const deadline = t0 + ideal * 3 + 30_000;
    while (Date.now() < deadline) {
      const succeeded = await metric(gw.origin, 'gateway_tasks', { status: 'SUCCEEDED' });
      if (succeeded !== null && succeeded >= opts.tasks) {
        doneAt = Date.now();
        break;
      }
      await sleep(100);
    }
    await sleep(300);
    const stats = await vendorStats(vendor.base);
    const perSecond = Object.entries(stats.callsPerSecond)
      .map(([second, calls]) => [Number(second), calls] as const)
      .sort((x, y) => x[0] - y[0]);
    const totalCalls = perSecond.reduce((sum, [, calls]) => sum + calls, 0);
    const idealMs = (totalCalls / opts.qps) * 1000;
    const drainMs = doneAt - t0;
    const secondsAbove = perSecond.filter(([, calls]) => calls > opts.qps).length;
    const polls = stats.calls['export.status'] ?? 0;
    const busySeconds = perSecond.slice(1, -1);
    const meanRate = busySeconds.length
      ? busySeconds.reduce((sum, [, calls]) => sum + calls, 0) / busySeconds.length
      : Number.NaN;
    const overIdeal = drainMs / idealMs - 1;
    process.stdout.write(
      `drained in ${fmt.s(drainMs)} (ideal ${fmt.s(idealMs)}), max ${stats.maxCallsInOneSecond}/s\n`,
    );
    const bench = '5 rate limit';
    return {
      name: 'rate-limit',
      rows: [
        {
          bench,
          measure: `max vendor calls in one second (budget ${opts.qps}/s)`,
          value: `${stats.maxCallsInOneSecond} (mean ${fmt.num(meanRate)}/s over full seconds)`,
        },
        {
          bench,
          measure: 'seconds above the budget / refused for rate',
          value: `${secondsAbove} / ${stats.rejectedForRate}`,
          target: '0 seconds above',
          pass: secondsAbove === 0 && stats.rejectedForRate === 0,
        },
        {
          bench,
          measure: `drain ${fmt.int(opts.tasks)} tasks vs ideal (${fmt.int(totalCalls)} calls / ${opts.qps})`,
          value: Number.isFinite(drainMs)
            ? `${fmt.s(drainMs)} vs ${fmt.s(idealMs)} (+${fmt.pct(overIdeal)})`
            : 'did not drain',
          target: 'within 10 % of ideal',
          pass: Number.isFinite(drainMs) ? overIdeal <= 0.1 : false,
        },
      ],
      notes: [
        `rate limit: ${fmt.int(opts.tasks)} PatSnap export records were written into the gateway's SQLite file ` +
          `(SqliteTaskStore.insert, ${fmt.ms(seedMs)}) before it started: status RUNNING, vendor ids minted with ` +
          "the sandbox's encodeTaskId and the shared SANDBOX_SECRET for exports that finished a minute ago, " +
          'nextPollAt = now. The gateway resumes them all on start-up, so all are due at once. Vendor and ' +
          `gateway both run PATSNAP_QPS=${opts.qps}. Calls per second are the vendor's own counts per calendar ` +
          `second (GET /_stats); ${fmt.int(polls)} status polls + ${stats.calls['oauth.token'] ?? 0} token call(s). ` +
          'Drain time = from the gateway logging "listening" (resume done) until /metrics gateway_tasks' +
          '{status="SUCCEEDED"} counts every task (checked every 100 ms).',
      ],
      raw: {
        tasks: opts.tasks,
        qps: opts.qps,
        seedMs,
        drainMs,
        idealMs,
        totalCalls,
        statusCalls: polls,
        maxCallsInOneSecond: stats.maxCallsInOneSecond,
        rejectedForRate: stats.rejectedForRate,
        maxInFlightStatusPerTask: stats.maxInFlightStatusPerTask,
        callsPerSecond: Object.fromEntries(perSecond),
      },
      durationMs: Date.now() - started,
    };
  } finally {
    await gw.process.stop();
  }
}
