/**
 * An async queue that keeps only the newest value per key. A slow subscriber therefore receives
 * the latest state of each task instead of an ever-growing backlog of intermediate states.
 */
export class LatestValueQueue<T> implements AsyncIterableIterator<T> {
  private readonly pending = new Map<string, T>();
  private waiter: ((result: IteratorResult<T>) => void) | null = null;
  private closed = false;

  constructor(private readonly keyOf: (value: T) => string) {}

  push(value: T): void {
    if (this.closed) return;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = null;
      resolve({ value, done: false });
      return;
    }
    const key = this.keyOf(value);
    // Delete first so the refreshed key moves to the back: order follows the latest change.
    this.pending.delete(key);
    this.pending.set(key, value);
  }

  /** Ends iteration; values not yet taken are dropped. */
  close(): void {
    this.closed = true;
    this.pending.clear();
    this.waiter?.({ value: undefined, done: true });
    this.waiter = null;
  }

  get size(): number {
    return this.pending.size;
  }

  next(): Promise<IteratorResult<T>> {
    const first = this.pending.entries().next();
    if (!first.done) {
      const [key, value] = first.value;
      this.pending.delete(key);
      return Promise.resolve({ value, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
