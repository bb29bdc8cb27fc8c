/**
 * Decides when each task's poll runs. Implementations: in-process timers (embedded) and BullMQ
 * delayed jobs (scaled out). Both guarantee one run in flight per task.
 */
export type PollHandler = (taskId: string) => Promise<void>;

export interface Scheduler {
  /** Install the handler and begin running due work. */
  start(handler: PollHandler): void;
  /** Run the handler for `taskId` at `at` (now if in the past), replacing any earlier schedule. */
  schedule(taskId: string, at: Date): void;
  unschedule(taskId: string): void;
  /**
   * Run the handler now, or join the run already in flight, and resolve when it has finished.
   * Used by refreshTask so that "poll now" never makes a second concurrent call for one task.
   */
  runNow(taskId: string): Promise<void>;
  ping(): Promise<void>;
  /** Stop starting new runs and wait for the ones in flight. */
  stop(): Promise<void>;
}
