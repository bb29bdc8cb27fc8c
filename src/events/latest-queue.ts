/**
 * An async queue that keeps only the newest value per key. A slow subscriber therefore receives
 * the latest state of each task instead of an ever-growing backlog of intermediate states.
 */
export class LatestValueQueue<T> implements AsyncIterableIterator<T> {
  /** Made on the first value nobody waited for: a subscriber is mostly waiting, and there are 10,000s of them. */
  private pending: Map<string, T> | null = null;
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
    this.pending ??= new Map();
    // Delete first so the refreshed key moves to the back: order follows the latest change.
    this.pending.delete(key);
    this.pending.set(key, value);
  }

  /** Ends iteration; values not yet taken are dropped. */
  close(): void {
    this.closed = true;
    this.pending = null;
    this.waiter?.({ value: undefined, done: true });
    this.waiter = null;
  }

  get size(): number {
    return this.pending?.size ?? 0;
  }

  next(): Promise<IteratorResult<T>> {
    const first = this.pending?.entries().next();
    if (first && !first.done) {
      const [key, value] = first.value;
      this.pending?.delete(key);
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
