import { isTerminal, type TaskRecord } from '../tasks/model.js';
import { LatestValueQueue } from './latest-queue.js';

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

export interface TaskStreamOptions {
  /** Delivered first, before any event (the task as it is now). */
  first?: TaskRecord;
  /** One task: drop snapshots not newer than the last one delivered, and end after a terminal one. */
  singleTask: boolean;
  /** Runs once when the stream ends, however it ends (listeners off, gauges down). */
  onEnd: () => void;
}

/**
 * The snapshots one subscription delivers: the newest state per task for a slow reader, never a
 * backlog. Deliberately not an async generator: a generator suspended while it waits for the next
 * event cannot be returned until that event comes, so a client that went away would keep its
 * listeners (and the open-subscriptions gauge) until its task or tenant next changed. Here `return()`
 * ends the stream at once, and a pending `next()` resolves as done.
 */
export class TaskStream implements AsyncIterableIterator<TaskRecord> {
  readonly #queue = new LatestValueQueue<TaskRecord>((task) => task.id);
  readonly #singleTask: boolean;
  readonly #onEnd: () => void;
  #first: TaskRecord | undefined;
  #lastVersion = 0;
  #ended = false;
  /** A terminal snapshot of the single task went out: the next read completes the stream. */
  #finished = false;

  constructor(opts: TaskStreamOptions) {
    this.#first = opts.first;
    this.#singleTask = opts.singleTask;
    this.#onEnd = opts.onEnd;
  }

  get ended(): boolean {
    return this.#ended;
  }

  push(task: TaskRecord): void {
    this.#queue.push(task);
  }

  async next(): Promise<IteratorResult<TaskRecord>> {
    if (this.#finished) this.#end();
    if (this.#ended) return DONE;
    const first = this.#first;
    if (first) {
      this.#first = undefined;
      return this.#deliver(first);
    }
    for (;;) {
      const result = await this.#queue.next();
      if (result.done || this.#ended) {
        this.#end();
        return DONE;
      }
      if (this.#singleTask && result.value.version <= this.#lastVersion) continue;
      return this.#deliver(result.value);
    }
  }

  async return(): Promise<IteratorResult<TaskRecord>> {
    this.#end();
    return DONE;
  }

  async throw(error: unknown): Promise<IteratorResult<TaskRecord>> {
    this.#end();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<TaskRecord> {
    return this;
  }

  #deliver(task: TaskRecord): IteratorResult<TaskRecord> {
    if (this.#singleTask) {
      this.#lastVersion = task.version;
      if (isTerminal(task.status)) this.#finished = true;
    }
    return { value: task, done: false };
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#queue.close();
    this.#onEnd();
  }
}
