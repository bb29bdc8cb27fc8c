import type { PollHandler, Scheduler } from './scheduler.js';

// setTimeout clamps delays above 2^31-1 ms (~24.8 days) to 1 ms; longer waits are re-armed.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** In-process timers, one per scheduled task. Single flight per task: a due run waits for the current one. */
export class LocalScheduler implements Scheduler {
  private handler: PollHandler | null = null;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  /** A schedule that arrived while the task was running; applied when the run ends. */
  private readonly deferred = new Map<string, Date>();
  private stopped = false;

  start(handler: PollHandler): void {
    this.handler = handler;
  }

  schedule(taskId: string, at: Date): void {
    if (this.stopped) return;
    if (this.running.has(taskId)) {
      this.deferred.set(taskId, at);
      return;
    }
    this.clearTimer(taskId);
    const delay = Math.max(0, at.getTime() - Date.now());
    const timer = setTimeout(
      () => {
        this.timers.delete(taskId);
        if (delay > MAX_TIMER_MS) this.schedule(taskId, at);
        else void this.run(taskId);
      },
      Math.min(delay, MAX_TIMER_MS),
    );
    this.timers.set(taskId, timer);
  }

  unschedule(taskId: string): void {
    this.clearTimer(taskId);
    this.deferred.delete(taskId);
  }

  runNow(taskId: string): Promise<void> {
    this.clearTimer(taskId);
    return this.run(taskId);
  }

  async ping(): Promise<void> {
    if (this.stopped) throw new Error('scheduler stopped');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.deferred.clear();
    await Promise.allSettled([...this.running.values()]);
  }

  private run(taskId: string): Promise<void> {
    const inFlight = this.running.get(taskId);
    if (inFlight) return inFlight;
    if (this.stopped || !this.handler) return Promise.resolve();
    const run = this.handler(taskId).finally(() => {
      this.running.delete(taskId);
      const next = this.deferred.get(taskId);
      if (next) {
        this.deferred.delete(taskId);
        this.schedule(taskId, next);
      }
    });
    this.running.set(taskId, run);
    return run;
  }

  private clearTimer(taskId: string): void {
    const timer = this.timers.get(taskId);
    if (timer) clearTimeout(timer);
    this.timers.delete(taskId);
  }
}
