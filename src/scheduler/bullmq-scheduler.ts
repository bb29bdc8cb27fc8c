import { type Job, Queue, QueueEvents, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { TaskStore } from '../store/task-store.js';
import type { PollHandler, Scheduler } from './scheduler.js';

export interface BullmqSchedulerOptions {
  redisUrl: string;
  /** Namespaces the queue's keys (several deployments may share one Redis). */
  prefix: string;
  /** The authoritative next wake of each task: a finished poll re-arms from here. */
  store: Pick<TaskStore, 'get' | 'listScheduled'>;
  logger: Logger;
  /** Polls one instance runs at once; most of their time is spent waiting for the vendor. */
  concurrency?: number;
  /** How soon a job whose instance died is handed to another (BullMQ's lock and stalled check). */
  stalledIntervalMs?: number;
  /** How often overdue tasks without a job are re-armed (a crash between a poll and its re-arm). */
  sweepIntervalMs?: number;
}

const QUEUE = 'task-polls';
const RUN_NOW_TIMEOUT_MS = 30_000;

interface PollJob {
  taskId: string;
}

/**
 * The scaled-out scheduler: one BullMQ delayed job per task, with the task id as the job id, so a
 * task has at most one job and BullMQ runs it on exactly one instance at a time. When an instance
 * dies, its active jobs stall and another instance takes them over after `stalledIntervalMs`.
 * The task's `nextPollAt` in the store stays the truth: after each run the next job is armed from
 * it, and a periodic sweep re-arms overdue tasks that lost their job.
 */
export class BullmqScheduler implements Scheduler {
  private readonly queue: Queue<PollJob>;
  private readonly events: QueueEvents;
  private worker: Worker<PollJob> | null = null;
  private readonly running = new Map<string, Promise<void>>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly opts: BullmqSchedulerOptions) {
    const connection = { url: opts.redisUrl, maxRetriesPerRequest: null };
    this.queue = new Queue<PollJob>(QUEUE, { connection, prefix: opts.prefix });
    this.events = new QueueEvents(QUEUE, { connection, prefix: opts.prefix });
    this.queue.on('error', (err) => opts.logger.warn({ err }, 'poll queue error'));
    this.events.on('error', (err) => opts.logger.warn({ err }, 'poll queue events error'));
  }

  start(handler: PollHandler): void {
    const connection = { url: this.opts.redisUrl, maxRetriesPerRequest: null };
    this.worker = new Worker<PollJob>(
      QUEUE,
      async (job: Job<PollJob>) => {
        const { taskId } = job.data;
        const run = handler(taskId);
        this.running.set(taskId, run);
        try {
          await run;
        } finally {
          this.running.delete(taskId);
        }
      },
      {
        connection,
        prefix: this.opts.prefix,
        concurrency: this.opts.concurrency ?? 200,
        // A dead instance's lock lapses after lockDuration and the next stalled check hands its job on.
        lockDuration: this.opts.stalledIntervalMs ?? 30_000,
        stalledInterval: this.opts.stalledIntervalMs ?? 30_000,
        // One missed lock renewal is a dead instance; a second chance would double the takeover time.
        maxStalledCount: 1_000_000,
        removeOnComplete: { count: 0 },
        removeOnFail: { count: 0 },
      },
    );
    this.worker.on('completed', (job) => void this.rearm(job.data.taskId));
    this.worker.on('failed', (job) => job && void this.rearm(job.data.taskId));
    this.worker.on('error', (err) => this.opts.logger.warn({ err }, 'poll worker error'));
    const sweepMs = this.opts.sweepIntervalMs ?? 10_000;
    this.sweepTimer = setInterval(() => void this.sweep(sweepMs), sweepMs);
    this.sweepTimer.unref();
  }

  schedule(taskId: string, at: Date): void {
    if (this.stopped) return;
    // A write made during this instance's own run: the run's completion re-arms from the store.
    if (this.running.has(taskId)) return;
    void this.upsert(taskId, Math.max(0, at.getTime() - Date.now())).catch((err: unknown) =>
      this.opts.logger.warn({ err, taskId }, 'could not schedule a poll'),
    );
  }

  unschedule(taskId: string): void {
    void (async () => {
      const job = await this.queue.getJob(taskId);
      if (job && (await job.getState()) !== 'active') await job.remove();
    })().catch((err: unknown) => this.opts.logger.warn({ err, taskId }, 'could not unschedule a poll'));
  }

  async runNow(taskId: string): Promise<void> {
    const local = this.running.get(taskId);
    if (local) return local;
    let job = await this.queue.getJob(taskId);
    if (job && (await job.getState()) === 'delayed') await job.promote().catch(() => {});
    job ??= await this.queue.add('poll', { taskId }, { jobId: taskId });
    // Joins the run wherever it happens; a job already finished resolves at once or at the timeout.
    await job.waitUntilFinished(this.events, RUN_NOW_TIMEOUT_MS).catch(() => {});
  }

  async ping(): Promise<void> {
    if (this.stopped) throw new Error('scheduler stopped');
    // A round trip to the queue's own connection (it reconnects independently of the store's).
    await this.queue.getJobCounts('active');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    // Finish the polls in flight; their tasks' next jobs are already armed by then.
    await this.worker?.close();
    await Promise.allSettled([this.queue.close(), this.events.close()]);
  }

  /** Creates the task's job with this delay, or moves an existing delayed one. */
  private async upsert(taskId: string, delay: number): Promise<void> {
    const job = await this.queue.getJob(taskId);
    if (job) {
      const state = await job.getState();
      if (state === 'delayed') {
        await job.changeDelay(delay).catch(() => {});
        return;
      }
      // Waiting or active: it runs (or is running) now, and re-arms from the store afterwards.
      if (state === 'waiting' || state === 'active' || state === 'prioritized') return;
      await job.remove().catch(() => {});
    }
    await this.queue.add('poll', { taskId }, { jobId: taskId, delay });
  }

  private async rearm(taskId: string): Promise<void> {
    if (this.stopped) return;
    try {
      const task = await this.opts.store.get(taskId);
      const next = task?.poll.nextPollAt;
      if (next) await this.upsert(taskId, Math.max(0, Date.parse(next) - Date.now()));
    } catch (err) {
      this.opts.logger.warn({ err, taskId }, 'could not re-arm a poll');
    }
  }

  /** Overdue tasks without a job (their instance died between a poll and its re-arm). */
  private async sweep(graceMs: number): Promise<void> {
    if (this.stopped) return;
    try {
      const now = Date.now();
      for (const due of await this.opts.store.listScheduled()) {
        if (Date.parse(due.nextPollAt) > now - graceMs) continue;
        if (!(await this.queue.getJob(due.id))) await this.upsert(due.id, 0);
      }
    } catch (err) {
      this.opts.logger.warn({ err }, 'poll sweep failed');
    }
  }
}
