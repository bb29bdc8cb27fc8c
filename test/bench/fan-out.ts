import { decodeTaskId, finishedAt } from '../../src/vendors/patsnap/sandbox/export.js';
import { type StartedTask, startExport } from './lib/graphql.js';
import { metric, rssBytes, sleep, vendorStats } from './lib/probe.js';
import { type BenchResult, fmt, latencyTriple, type Row, type Summary, summarize } from './lib/report.js';
import { closeSockets, openSockets, type Pacing, subscribeMany } from './lib/subscribers.js';
import { type Gateway, SANDBOX_SECRET, type Vendor } from './lib/topology.js';

/**
 * Benchmarks 1-3 share one mechanism: start one export through the API, watch it with N graphql-ws
 * subscriptions, and let the sandbox flip it to SUCCESS. Per size we get the vendor's status calls
 * for the task (1), every subscriber's receipt time against the change time encoded in the signed
 * task id (2), and at the largest size the server's memory with all subscriptions open and the time
 * to deliver the change to all of them (3).
 */

export interface FanOutOptions {
  sizes: number[];
  /** Subscriptions multiplexed on one graphql-ws socket. */
  perSocket: number;
  /** POLL_INITIAL_MS = POLL_MAX_MS of the gateway (no jitter). */
  pollMs: number;
  /** SANDBOX_TASK_MS of the vendor. */
  taskMs: number;
  pacing: Pacing;
}

interface SizeRun {
  subscribers: number;
  sockets: number;
  task: StartedTask;
  statusCalls: number;
  /** receipt - vendor change time, one per subscriber that saw the change happen. */
  latency: Summary;
  /** receipt - the instant the gateway recorded the change (its updatedAt): delivery only. */
  push: Summary;
  /** The gateway's updatedAt - vendor change time: how long the change waited for a poll. */
  pollWaitMs: number;
  /** Subscriptions whose first event was already the final state (set-up outlasted the task). */
  late: number;
  failed: number;
  setupMs: number;
  /** Last receipt - gateway updatedAt: the change delivered to every subscriber. */
  deliverAllMs: number;
  changeAt: number;
  memory?: {
    rssBefore: number | null;
    heapBefore: number | null;
    rssWith: number | null;
    heapWith: number | null;
    subscriptionsActive: number | null;
    measuredBeforeChange: boolean;
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function memoryNow(gw: Gateway) {
  return {
    rss: rssBytes(gw.process.pid),
    heap: await metric(gw.origin, 'nodejs_heap_size_used_bytes'),
  };
}

async function runSize(gw: Gateway, vendor: Vendor, n: number, opts: FanOutOptions, measureMemory: boolean) {
  const before = measureMemory ? await memoryNow(gw) : null;
  const sockets = await openSockets(gw.url, Math.ceil(n / opts.perSocket));
  try {
    const task = await startExport(gw.url, `bench fan-out ${n}`);
    const vendorTask = decodeTaskId(SANDBOX_SECRET, task.vendorTaskId);
    if (!vendorTask) throw new Error('the vendor task id does not decode with the shared SANDBOX_SECRET');
    const changeAt = finishedAt(vendorTask);
    const setupStart = Date.now();
    const set = await withTimeout(
      subscribeMany(sockets, n, task.id, opts.pacing),
      opts.taskMs + 60_000,
      `${n} subscriptions starting`,
    );
    const setupMs = Date.now() - setupStart;

    let memory: SizeRun['memory'];
    if (before) {
      const active = await metric(gw.origin, 'gateway_subscriptions_active');
      const withSubs = await memoryNow(gw);
      memory = {
        rssBefore: before.rss,
        heapBefore: before.heap,
        rssWith: withSubs.rss,
        heapWith: withSubs.heap,
        subscriptionsActive: active,
        measuredBeforeChange: Date.now() < changeAt,
      };
    }

    await withTimeout(
      set.allDone,
      Math.max(0, changeAt - Date.now()) + 60_000,
      `${n} subscriptions finishing`,
    );
    const latencies: number[] = [];
    const pushes: number[] = [];
    let late = 0;
    let failed = 0;
    let updatedAt = Number.NaN;
    let lastReceipt = Number.NEGATIVE_INFINITY;
    for (const sub of set.subscriptions) {
      const finalIndex = sub.events.findIndex((e) => e.status === 'SUCCEEDED');
      const final = sub.events[finalIndex];
      if (sub.error || !final) {
        failed++;
        continue;
      }
      if (finalIndex === 0) {
        late++;
        continue;
      }
      updatedAt = Date.parse(final.updatedAt);
      latencies.push(final.receivedAt - changeAt);
      pushes.push(final.receivedAt - updatedAt);
      lastReceipt = Math.max(lastReceipt, final.receivedAt);
    }
    // Let the last poll's bookkeeping settle before reading the vendor's counter.
    await sleep(50);
    const stats = await vendorStats(vendor.base);
    const run: SizeRun = {
      subscribers: n,
      sockets: sockets.length,
      task,
      statusCalls: stats.statusCallsByTask[task.vendorTaskId] ?? 0,
      latency: summarize(latencies),
      push: summarize(pushes),
      pollWaitMs: updatedAt - changeAt,
      late,
      failed,
      setupMs,
      deliverAllMs: lastReceipt - updatedAt,
      changeAt,
      ...(memory ? { memory } : {}),
    };
    return run;
  } finally {
    await closeSockets(sockets);
  }
}

export async function runFanOut(
  gw: Gateway,
  vendor: Vendor,
  opts: FanOutOptions,
): Promise<{ results: BenchResult[]; task: StartedTask }> {
  const started = Date.now();
  const largest = Math.max(...opts.sizes);
  // Size 1 first (it also warms the gateway up), then the largest on a still clean heap, then the rest.
  const order = [...new Set([Math.min(...opts.sizes), largest, ...opts.sizes.filter((s) => s !== largest)])];
  const runs = new Map<number, SizeRun>();
  for (const n of order) {
    process.stdout.write(`  fan-out: ${fmt.int(n)} subscribers ... `);
    const run = await runSize(gw, vendor, n, opts, n === largest);
    runs.set(n, run);
    process.stdout.write(
      `${run.statusCalls} status calls, p99 ${fmt.ms(run.latency.p99)}, set-up ${fmt.ms(run.setupMs)}\n`,
    );
    // Closed sockets end their subscriptions asynchronously on the server; let that finish.
    await sleep(300);
  }
  const sizes = [...opts.sizes].sort((a, b) => a - b);
  const one = runs.get(Math.min(...sizes));
  const base = one?.statusCalls ?? Number.NaN;
  const interval = opts.pollMs;
  const perSocket = (n: number) => `${fmt.int(n)} subs / ${fmt.int(runs.get(n)?.sockets ?? 0)} sockets`;

  const fanRows: Row[] = [];
  for (const n of sizes) {
    const run = runs.get(n);
    if (!run) continue;
    const ratio = run.statusCalls / base;
    const isTarget = n === largest;
    fanRows.push({
      bench: '1 fan-out',
      measure: `status calls, ${perSocket(n)}`,
      value: `${run.statusCalls} (ratio ${fmt.ratio(ratio)}); naive model: ${fmt.int(n * base)}`,
      ...(isTarget
        ? { target: `ratio 1.00 at ${fmt.int(n)} (naive ${fmt.int(n)})`, pass: run.statusCalls <= base }
        : {}),
    });
  }

  const latRows: Row[] = [];
  for (const n of sizes) {
    const run = runs.get(n);
    if (!run) continue;
    latRows.push({
      bench: '2 push latency',
      measure: `p50/p95/p99 at ${fmt.int(n)} (poll ${interval} ms)`,
      value: latencyTriple(run.latency),
      ...(n === 1000 ? { target: `p99 <= ${interval + 50} ms`, pass: run.latency.p99 <= interval + 50 } : {}),
    });
    latRows.push({
      bench: '2 push latency',
      measure: `  of which delivery (gateway saw it -> client) at ${fmt.int(n)}`,
      value: latencyTriple(run.push),
    });
  }
  const at1000 = runs.get(1000);
  if (at1000) {
    const bound = interval + at1000.push.p99;
    latRows.push({
      bench: '2 push latency',
      measure: 'worst-phase p99 at 1,000 (poll interval + delivery p99)',
      value: fmt.ms(bound),
      target: `<= ${interval + 50} ms`,
      pass: bound <= interval + 50,
    });
  }

  const big = runs.get(largest);
  const mem = big?.memory;
  const scaleRows: Row[] = [];
  if (big && mem) {
    const rssDelta = (mem.rssWith ?? Number.NaN) - (mem.rssBefore ?? Number.NaN);
    const heapDelta = (mem.heapWith ?? Number.NaN) - (mem.heapBefore ?? Number.NaN);
    scaleRows.push(
      {
        bench: '3 subscription scale',
        measure: `server RSS before -> with ${fmt.int(largest)} subs`,
        value: `${fmt.mb(mem.rssBefore)} -> ${fmt.mb(mem.rssWith)}`,
        target: largest >= 10_000 ? '< 600 MB with 10,000' : '(10,000 in the full run)',
        pass: largest >= 10_000 ? (mem.rssWith ?? Number.POSITIVE_INFINITY) < 600 * 2 ** 20 : null,
      },
      {
        bench: '3 subscription scale',
        measure: `server heap used before -> with ${fmt.int(largest)} subs`,
        value: `${fmt.mb(mem.heapBefore)} -> ${fmt.mb(mem.heapWith)}`,
      },
      {
        bench: '3 subscription scale',
        measure: 'per subscription (RSS / heap)',
        value: `${fmt.kb(rssDelta / largest)} / ${fmt.kb(heapDelta / largest)}`,
      },
      {
        bench: '3 subscription scale',
        measure: `subscribe ${fmt.int(largest)}, paced (until all first events are in)`,
        value: fmt.ms(big.setupMs),
      },
      {
        bench: '3 subscription scale',
        measure: `deliver one change to all ${fmt.int(largest)}`,
        value: fmt.ms(big.deliverAllMs),
      },
    );
  }

  const problems = [...runs.values()]
    .filter((r) => r.late > 0 || r.failed > 0)
    .map((r) => `${r.subscribers}: ${r.late} subscribed after the change, ${r.failed} failed`);
  const notes = [
    `fan-out: POLL_INITIAL_MS = POLL_MAX_MS = ${interval}, POLL_JITTER = 0, SANDBOX_TASK_MS = ${opts.taskMs}: ` +
      `the export flips to SUCCESS ${opts.taskMs % interval} ms after a poll, and is polled about ` +
      `${Math.ceil(opts.taskMs / interval)} times. Subscriptions are multiplexed, up to ${opts.perSocket} per ` +
      "graphql-ws socket. Status calls are the vendor sandbox's own count for the task (GET /_stats " +
      'statusCallsByTask). "naive model" = N x the 1-subscriber count: what N clients polling the ' +
      'vendor themselves at the same interval would cost (a model, not measured). A ratio below 1.00 ' +
      'means polls were delayed while the gateway was busy subscribing thousands at once, so fewer of them ' +
      'fell before the change; the poll count never grows with subscribers.',
    'push latency: vendor change time = createdAt + durationMs decoded from the signed task id with the ' +
      "sandbox's own decodeTaskId and the shared SANDBOX_SECRET; receipt = Date.now() in the client " +
      'process on the same machine. "delivery" = receipt - the updatedAt the gateway stamped when its ' +
      'poll saw the change. Latency = waiting for the next poll (up to one interval; here ' +
      [...runs.values()].map((r) => `${fmt.int(r.subscribers)}: ${fmt.ms(r.pollWaitMs)}`).join(', ') +
      ') + delivery; the worst phase is the interval + delivery.',
    `subscription scale: from the ${fmt.int(largest)}-subscriber run: RSS from /proc/<pid>/status, heap ` +
      'from /metrics nodejs_heap_size_used_bytes (no forced GC), before opening the sockets and once every ' +
      `subscription had its first event (gateway_subscriptions_active = ${fmt.int(mem?.subscriptionsActive ?? Number.NaN)}` +
      `${mem && !mem.measuredBeforeChange ? '; WARNING: measured after the change' : ''}). "deliver to all" = ` +
      'last receipt - gateway updatedAt, including the client process parsing every message.',
    ...(problems.length ? [`fan-out problems: ${problems.join('; ')}`] : []),
  ];
  const raw = Object.fromEntries([...runs.entries()].map(([n, r]) => [n, r]));
  const durationMs = Date.now() - started;
  return {
    task: (runs.get(largest) ?? one)?.task as StartedTask,
    results: [
      {
        name: 'fan-out',
        rows: fanRows,
        notes: [notes[0] as string],
        raw: { pollMs: interval, runs: raw },
        durationMs,
      },
      { name: 'push-latency', rows: latRows, notes: [notes[1] as string], raw: {} },
      { name: 'subscription-scale', rows: scaleRows, notes: notes.slice(2), raw: {} },
    ],
  };
}
