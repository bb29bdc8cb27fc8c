import type { PollHandler, Scheduler } from './scheduler.js';

// setTimeout clamps delays above 2^31-1 ms (~24.8 days) to 1 ms; longer waits are re-armed.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * How far a run may start early so that runs due close together share one timer: a due time is
 * rounded down to a multiple of this. Waking once per slot instead of once per task is what makes
 * 10,000 tasks at a 30 s cap cheap: their polls go out together, and their answers come back
 * together, in a few turns of the event loop rather than one each. Starting 100 ms early is noise
 * beside the policy's ±20 % jitter; short waits (first polls, tests with tiny intervals) keep a
 * tighter slot so that no run starts more than a tenth of its wait early.
 */
export function slotMs(delayMs: number): number {
  if (delayMs >= 1000) return 100;
  if (delayMs >= 100) return 10;
  return 1;
}

interface Slot {
  readonly taskIds: Set<string>;
  timer: NodeJS.Timeout;
}

/**
 * In-process timers, one per slot of due times (see slotMs). Single flight per task: a due run waits
 * for the current one.
 */
export class LocalScheduler implements Scheduler {
  private handler: PollHandler | null = null;
  /** Slot start (epoch ms) → the tasks due in it. */
  private readonly slots = new Map<number, Slot>();
  /** Task → the slot it waits in. */
  private readonly slotOf = new Map<string, number>();
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
    this.leaveSlot(taskId);
    const now = Date.now();
    const due = at.getTime();
    const slotSize = slotMs(due - now);
    const slotStart = Math.max(now, due - (due % slotSize));
    let slot = this.slots.get(slotStart);
    if (!slot) {
      slot = { taskIds: new Set(), timer: this.arm(slotStart) };
      this.slots.set(slotStart, slot);
    }
    slot.taskIds.add(taskId);
    this.slotOf.set(taskId, slotStart);
  }

  unschedule(taskId: string): void {
    this.leaveSlot(taskId);
    this.deferred.delete(taskId);
  }

  runNow(taskId: string): Promise<void> {
    this.leaveSlot(taskId);
    return this.run(taskId);
  }

  async ping(): Promise<void> {
    if (this.stopped) throw new Error('scheduler stopped');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const slot of this.slots.values()) clearTimeout(slot.timer);
    this.slots.clear();
    this.slotOf.clear();
    this.deferred.clear();
    await Promise.allSettled([...this.running.values()]);
  }

  private arm(slotStart: number): NodeJS.Timeout {
    const delay = slotStart - Date.now();
    return setTimeout(() => this.fire(slotStart), Math.max(0, Math.min(delay, MAX_TIMER_MS)));
  }

  private fire(slotStart: number): void {
    const slot = this.slots.get(slotStart);
    if (!slot) return;
    if (slotStart - Date.now() > 0) {
      // A wait longer than one timer can hold: re-arm for the rest.
      slot.timer = this.arm(slotStart);
      return;
    }
    // Out of the maps before any run starts, so that a run that schedules its task again lands in a new slot.
    this.slots.delete(slotStart);
    for (const taskId of slot.taskIds) this.slotOf.delete(taskId);
    for (const taskId of slot.taskIds) void this.run(taskId);
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

  private leaveSlot(taskId: string): void {
    const slotStart = this.slotOf.get(taskId);
    if (slotStart === undefined) return;
    this.slotOf.delete(taskId);
    const slot = this.slots.get(slotStart);
    if (!slot) return;
    slot.taskIds.delete(taskId);
    if (slot.taskIds.size === 0) {
      clearTimeout(slot.timer);
      this.slots.delete(slotStart);
    }
  }
}
