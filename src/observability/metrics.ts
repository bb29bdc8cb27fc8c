import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { TASK_STATUSES } from '../tasks/model.js';

/** One registry per app instance, so several apps in one test process do not share counters. */
export interface Metrics {
  registry: Registry;
  vendorRequests: Counter<'vendor' | 'operation' | 'outcome'>;
  taskPolls: Counter<'vendor'>;
  /** How late each poll started against the time it was scheduled for (event-loop or queue delay). */
  pollLateness: Histogram<'vendor'>;
  subscriptionsActive: Gauge;
  /** Vendor calls waiting for their credential's budget (fair queue), per vendor. */
  vendorCallsQueued: Gauge<'vendor'>;
  tasks: Gauge<'status'>;
}

export interface MetricsOptions {
  defaultMetrics?: boolean;
  /** Read at scrape time, so the gauge is right even when several instances share one store. */
  countTasks?: () => Promise<ReadonlyMap<string, number>>;
}

export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const tasks = new Gauge({
    name: 'gateway_tasks',
    help: 'Tasks by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const counts = opts.countTasks ? await opts.countTasks() : new Map<string, number>();
      for (const status of TASK_STATUSES) this.set({ status }, counts.get(status) ?? 0);
    },
  });
  return {
    registry,
    vendorRequests: new Counter({
      name: 'gateway_vendor_requests_total',
      help: 'HTTP calls to vendors (sandbox included), by outcome',
      labelNames: ['vendor', 'operation', 'outcome'],
      registers: [registry],
    }),
    taskPolls: new Counter({
      name: 'gateway_task_polls_total',
      help: 'Status polls made by the poller',
      labelNames: ['vendor'],
      registers: [registry],
    }),
    pollLateness: new Histogram({
      name: 'gateway_poll_lateness_seconds',
      help: 'Start of a status poll minus the time it was scheduled for',
      labelNames: ['vendor'],
      // Fine below 100 ms: a busy event loop shows up here first.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    subscriptionsActive: new Gauge({
      name: 'gateway_subscriptions_active',
      help: 'Open GraphQL subscriptions',
      registers: [registry],
    }),
    vendorCallsQueued: new Gauge({
      name: 'gateway_vendor_calls_queued',
      help: "Vendor calls waiting for their credential's rate budget",
      labelNames: ['vendor'],
      registers: [registry],
    }),
    tasks,
  };
}

/**
 * What an adapter needs to report its calls (counted, logged and traced by the app; `startedAt` is
 * epoch ms); lets adapters stay free of prom-client and OpenTelemetry.
 */
export type VendorRequestRecorder = (operation: string, outcome: string, startedAt: number) => void;
