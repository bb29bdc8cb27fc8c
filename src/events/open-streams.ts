import { setImmediate as nextTurn } from 'node:timers/promises';

export interface ClosableStream {
  close(): void;
}

/**
 * The subscription streams that are open right now. On shutdown each is closed, which ends its
 * generator so the transport sends a proper `complete`; `closeAll` resolves once every stream has
 * finished (or after `timeoutMs`), so sockets are only torn down after the completions went out.
 */
export class OpenStreams {
  readonly #streams = new Set<ClosableStream>();
  #onEmpty: (() => void) | null = null;

  get size(): number {
    return this.#streams.size;
  }

  add(stream: ClosableStream): void {
    this.#streams.add(stream);
  }

  delete(stream: ClosableStream): void {
    this.#streams.delete(stream);
    if (this.#streams.size === 0) this.#onEmpty?.();
  }

  async closeAll(timeoutMs: number): Promise<void> {
    if (this.#streams.size > 0) {
      const empty = new Promise<void>((resolve) => {
        this.#onEmpty = resolve;
      });
      for (const stream of [...this.#streams]) stream.close();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([empty, timeout]);
      clearTimeout(timer);
      this.#onEmpty = null;
    }
    // A stream's `finally` runs just before its transport writes `complete`: give that write a turn.
    await nextTurn();
  }
}
