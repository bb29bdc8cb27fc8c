import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisTaskStore } from '../../src/store/redis-store.js';
import { type FanOutOptions, runSize, type SizeRun } from './fan-out.js';
import { cpuTimeMs, metric, sleep, vendorStats } from './lib/probe.js';
import { type BenchResult, fmt, type Row } from './lib/report.js';
import { seedInto } from './lib/seed.js';
import { type Gateway, startGateway, type Vendor } from './lib/topology.js';

/**
 * Benchmark 7, the Redis column: the fan-out, delivery and poll-CPU benchmarks again with three
 * gateway processes on one Redis (REDIS_URL, a key prefix of this run's own, removed afterwards),
 * printed beside the embedded figures of the same run. The export is started on instance 1 and the
 * subscribers connect to instances 2 and 3; which instance polls is the BullMQ scheduler's choice, so
 * each instance's gateway_task_polls_total is reported. Poll CPU: waiting tasks seeded into Redis with
 * the project's RedisTaskStore.insert, polled by a fresh trio with the idle benchmark's settings; the
 * CPU of all three processes over the window, per vendor status call.
 */

export interface RedisOptions {
  fanOut: Pick<FanOutOptions, 'sizes' | 'perSocket' | 'pollMs' | 'taskMs' | 'pacing'>;
  idle: { tasks: number; capMs: number; warmupMs: number; windowMs: number };
}

/** The embedded figures of the same run, printed beside. */
export interface EmbeddedFigures {
  fanOut?: Map<number, SizeRun>;
  idle?: { cpuMs: number; polls: number; cpuShare: number; tasks: number };
}

const INSTANCES = 3;

async function startTrio(
  vendor: Vendor,
  redisUrl: string,
  keyPrefix: string,
  name: string,
  env: Record<string, string>,
): Promise<Gateway[]> {
  const started = await Promise.allSettled(
    Array.from({ length: INSTANCES }, (_, i) =>
      startGateway(`${name}-${i + 1}`, vendor, {
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: keyPrefix,
        PATSNAP_QPS: '100000',
        ...env,
      }),
    ),
  );
  const ok = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stopAll(ok);
    throw failed.reason;
  }
  return ok;
}

async function stopAll(gateways: readonly Gateway[]): Promise<void> {
  await Promise.all(gateways.map((g) => g.process.stop()));
}

/** Deletes every key of the run's prefix (store, BullMQ, rate budgets). */
async function removeKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  let removed = 0;
  try {
    const stream = redis.scanStream({ match: `${prefix}*`, count: 1000 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length) removed += await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
  return removed;
}

async function pollsOf(gateways: readonly Gateway[]): Promise<number[]> {
  return Promise.all(gateways.map(async (g) => (await metric(g.origin, 'gateway_task_polls_total')) ?? 0));
}

export async function runRedis(
  vendor: Vendor,
  redisUrl: string,
  opts: RedisOptions,
  embedded: EmbeddedFigures,
): Promise<BenchResult> {
  const started = Date.now();
  const prefix = `bench-${randomUUID().slice(0, 8)}:`;
  const bench = `7 Redis, ${INSTANCES} instances`;
  const rows: Row[] = [];
  const notes: string[] = [];
  const raw: Record<string, unknown> = { prefix };
  try {
    // Fan-out and delivery: the fan-out benchmark's poll settings.
    const fo = opts.fanOut;
    process.stdout.write(`  redis: starting ${INSTANCES} instances (prefix ${prefix}) ... `);
    let trio = await startTrio(vendor, redisUrl, `${prefix}fan:`, 'gateway-redis', {
      POLL_INITIAL_MS: String(fo.pollMs),
      POLL_MAX_MS: String(fo.pollMs),
      POLL_JITTER: '0',
    });
    process.stdout.write('ok\n');
    const runs = new Map<number, SizeRun>();
    try {
      const [first, second, third] = trio as [Gateway, Gateway, Gateway];
      const order = [...new Set([Math.min(...fo.sizes), ...fo.sizes])];
      for (const n of order) {
        process.stdout.write(`  redis fan-out: ${fmt.int(n)} subscribers on instances 2+3 ... `);
        const run = await runSize(
          { startUrl: first.url, socketUrls: [second.url, third.url], vendor, pollers: trio },
          n,
          fo,
        );
        runs.set(n, run);
        process.stdout.write(
          `${run.statusCalls} status calls (polls by instance ${run.pollsByInstance?.join('/')}), ` +
            `delivery p99 ${fmt.ms(run.push.p99)}\n`,
        );
        await sleep(300);
      }
    } finally {
      await stopAll(trio);
    }
    const sizes = [...runs.keys()].sort((a, b) => a - b);
    const base = runs.get(Math.min(...sizes))?.statusCalls ?? Number.NaN;
    const embeddedBase = embedded.fanOut?.get(1)?.statusCalls ?? Number.NaN;
    const largest = Math.max(...sizes);
    for (const n of sizes) {
      const run = runs.get(n) as SizeRun;
      const e = embedded.fanOut?.get(n);
      rows.push({
        bench,
        measure: `status calls, ${fmt.int(n)} subs / ${run.sockets} sockets on instances 2+3`,
        value:
          `${run.statusCalls} (ratio ${fmt.ratio(run.statusCalls / base)}; polls by instance ` +
          `${(run.pollsByInstance ?? []).join('/')})` +
          (e ? `; embedded ${e.statusCalls} (${fmt.ratio(e.statusCalls / embeddedBase)})` : ''),
        ...(n === largest && n > 1 ? { target: 'ratio 1.00', pass: run.statusCalls === base } : {}),
      });
    }
    for (const n of sizes) {
      const run = runs.get(n) as SizeRun;
      const e = embedded.fanOut?.get(n);
      rows.push({
        bench,
        measure: `delivery p50/p99 at ${fmt.int(n)} (poll's updatedAt -> client)`,
        value:
          `${fmt.ms(run.push.p50)} / ${fmt.ms(run.push.p99)}` +
          (e ? `; embedded ${fmt.ms(e.push.p50)} / ${fmt.ms(e.push.p99)}` : ''),
      });
    }
    raw.fanOut = Object.fromEntries(runs);

    // Poll CPU: waiting tasks seeded into Redis, a fresh trio with the idle benchmark's settings.
    const idle = opts.idle;
    const idlePrefix = `${prefix}idle:`;
    const now = Date.now();
    process.stdout.write(`  redis idle: seeding ${fmt.int(idle.tasks)} waiting tasks ... `);
    const store = new RedisTaskStore(redisUrl, { keyPrefix: idlePrefix });
    const seedStart = Date.now();
    try {
      await seedInto(store, {
        count: idle.tasks,
        vendorCreatedAt: now,
        vendorDurationMs: 6 * 60 * 60 * 1000,
        nextPollAt: (i) => now + 3_000 + Math.floor((i * idle.capMs) / idle.tasks),
        intervalMs: idle.capMs,
        seedPrefix: `bench-redis-${prefix}`,
        parallel: 200,
      });
    } finally {
      await store.close();
    }
    const seedMs = Date.now() - seedStart;
    process.stdout.write(`${fmt.ms(seedMs)}; ${fmt.s(idle.windowMs)} window ... `);
    const trioStart = Date.now();
    trio = await startTrio(vendor, redisUrl, idlePrefix, 'gateway-redis-idle', {
      POLL_INITIAL_MS: String(idle.capMs),
      POLL_MAX_MS: String(idle.capMs),
    });
    const trioStartMs = Date.now() - trioStart;
    let idleRaw: Record<string, unknown>;
    try {
      await sleep(idle.warmupMs);
      const statsBefore = await vendorStats(vendor.base);
      const pollsBefore = await pollsOf(trio);
      const cpuBefore = trio.map((g) => cpuTimeMs(g.process.pid));
      const t0 = performance.now();
      await sleep(idle.windowMs);
      const cpuAfter = trio.map((g) => cpuTimeMs(g.process.pid));
      const elapsed = performance.now() - t0;
      const statsAfter = await vendorStats(vendor.base);
      const pollsAfter = await pollsOf(trio);
      const cpuByInstance = cpuAfter.map((after, i) => {
        const before = cpuBefore[i];
        return after !== null && before !== null && before !== undefined ? after - before : Number.NaN;
      });
      const cpuMs = cpuByInstance.reduce((a, b) => a + b, 0);
      const polls = (statsAfter.calls['export.status'] ?? 0) - (statsBefore.calls['export.status'] ?? 0);
      const pollsByInstance = pollsAfter.map((p, i) => p - (pollsBefore[i] ?? 0));
      const perPoll = cpuMs / polls;
      process.stdout.write(`${fmt.ms(perPoll, 3)} CPU per poll (sum of ${INSTANCES})\n`);
      const e = embedded.idle;
      const ePerPoll = e ? e.cpuMs / e.polls : Number.NaN;
      rows.push(
        {
          bench,
          measure: `CPU per poll, ${fmt.int(idle.tasks)} waiting tasks, ${fmt.s(idle.capMs)} cap (sum of ${INSTANCES})`,
          value:
            `${fmt.ms(perPoll, 3)}` +
            (e
              ? `; embedded ${fmt.ms(ePerPoll, 3)} (${fmt.int(e.tasks)} tasks); ratio ${fmt.ratio(perPoll / ePerPoll)}`
              : ''),
        },
        {
          bench,
          measure: '  CPU share (sum of 3) / polls by instance in the window',
          value: `${fmt.pct(cpuMs / elapsed)} of one core at ${fmt.num((polls / elapsed) * 1000)} calls/s / ${pollsByInstance.join('/')}`,
        },
      );
      idleRaw = {
        tasks: idle.tasks,
        seedMs,
        trioStartMs,
        windowMs: elapsed,
        cpuMs,
        cpuByInstance,
        polls,
        pollsByInstance,
        perPollMs: perPoll,
      };
    } finally {
      await stopAll(trio);
    }
    raw.idle = idleRaw;
    notes.push(
      `redis: ${INSTANCES} gateway processes on ${redisUrl.replace(/\/\/[^@]*@/, '//***@')} (REDIS_URL; key prefix ` +
        `${prefix}…, every key of it deleted afterwards), pointed at the same vendor process (its own counters). ` +
        `Fan-out: POLL_INITIAL_MS = POLL_MAX_MS = ${fo.pollMs}, no jitter, as embedded; each export is started ` +
        'on instance 1 and its subscribers are spread over instances 2 and 3; the BullMQ scheduler decides ' +
        'which instance polls, "polls by instance" is each one\'s gateway_task_polls_total over the size\'s ' +
        'run (1/2/3). Delivery = receipt - the updatedAt the polling instance stamped (it crosses Redis ' +
        `pub/sub when the poller is instance 1). Poll CPU: ${fmt.int(idle.tasks)} RUNNING records inserted with ` +
        `RedisTaskStore.insert (${fmt.ms(Number(idleRaw.seedMs))}), PENDING for 6 h, due over ${fmt.s(idle.capMs)}; ` +
        `a fresh trio with POLL_INITIAL_MS = POLL_MAX_MS = ${idle.capMs} (started in ${fmt.ms(Number(idleRaw.trioStartMs))}, ` +
        `tasks due from 3 s after seeding, so polls that came due meanwhile are caught up first); ` +
        `after ${fmt.s(idle.warmupMs)} the utime + ` +
        "stime of all three over the window divided by the vendor's status calls in it. Redis itself (a " +
        'separate server) is not counted. "embedded" = the figures of benchmarks 1-2 and 6 of this run' +
        `${embedded.idle && embedded.idle.tasks !== idle.tasks ? ' (another task count: per-poll figures compare, shares do not)' : ''}.`,
    );
  } finally {
    const removed = await removeKeys(redisUrl, prefix).catch(() => -1);
    raw.keysRemoved = removed;
  }
  return { name: 'redis', rows, notes, raw, durationMs: Date.now() - started };
}
