import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * Many graphql-ws subscriptions to one task, multiplexed over few sockets (graphql-ws runs any number
 * of operations on one socket). Each subscription records when (Date.now(), this machine's clock)
 * every event arrived, so latencies can be computed against the vendor's change time.
 */

export const TASK_UPDATED = `subscription BenchTaskUpdated($id: ID!) {
  taskUpdated(id: $id) { status vendorStatus downloadUrl updatedAt pollCount }
}`;

export interface TaskEvent {
  receivedAt: number;
  status: string;
  updatedAt: string;
  pollCount: number;
}

export interface Subscription {
  events: TaskEvent[];
  completed: boolean;
  error: unknown;
}

export async function openSockets(httpUrl: string, count: number): Promise<Client[]> {
  const url = httpUrl.replace(/^http/, 'ws');
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Client>((resolve, reject) => {
          const client = createClient({
            url,
            webSocketImpl: WebSocket,
            lazy: false,
            retryAttempts: 0,
            // The default 3 s may be too short while the server is busy subscribing thousands.
            connectionAckWaitTimeout: 60_000,
            on: { connected: () => resolve(client), error: reject, closed: reject },
          });
        }),
    ),
  );
}

export interface SubscriptionSet {
  subscriptions: Subscription[];
  /** Resolves when every subscription has completed (or failed). */
  allDone: Promise<void>;
  unsubscribeAll(): void;
}

export interface Pacing {
  /** Subscriptions sent at once; the next batch waits until every one of them has its first event. */
  batch: number;
  /** And at least this long after the previous batch, so the server is never saturated for long. */
  minBatchMs: number;
}

/**
 * `n` subscriptions to `taskId`, spread round-robin over `clients`, opened in paced batches (as
 * subscribers arrive over time in reality; an unpaced burst of thousands starves the server's poller
 * for seconds). Resolves once every subscription has received its first event (or failed).
 */
export async function subscribeMany(
  clients: readonly Client[],
  n: number,
  taskId: string,
  pacing: Pacing,
): Promise<SubscriptionSet> {
  const subscriptions: Subscription[] = [];
  const unsubscribes: (() => void)[] = [];
  const done: Promise<void>[] = [];
  for (let first = 0; first < n; first += pacing.batch) {
    const batchStart = Date.now();
    const started: Promise<void>[] = [];
    for (let i = first; i < Math.min(n, first + pacing.batch); i++) {
      const client = clients[i % clients.length] as Client;
      const sub: Subscription = { events: [], completed: false, error: null };
      subscriptions.push(sub);
      let onStart: () => void = () => {};
      let onDone: () => void = () => {};
      started.push(
        new Promise<void>((resolve) => {
          onStart = resolve;
        }),
      );
      done.push(
        new Promise<void>((resolve) => {
          onDone = resolve;
        }),
      );
      unsubscribes.push(
        client.subscribe<{ taskUpdated: Omit<TaskEvent, 'receivedAt'> }>(
          { query: TASK_UPDATED, variables: { id: taskId } },
          {
            next: (value) => {
              const receivedAt = Date.now();
              const task = value.data?.taskUpdated;
              if (task) sub.events.push({ receivedAt, ...task });
              else sub.error = value.errors ?? 'no data';
              onStart();
            },
            error: (error) => {
              sub.error = error;
              onStart();
              onDone();
            },
            complete: () => {
              sub.completed = true;
              onStart();
              onDone();
            },
          },
        ),
      );
    }
    await Promise.all(started);
    const rest = pacing.minBatchMs - (Date.now() - batchStart);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
  return {
    subscriptions,
    allDone: Promise.all(done).then(() => {}),
    unsubscribeAll: () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    },
  };
}

export async function closeSockets(clients: readonly Client[]): Promise<void> {
  await Promise.all(clients.map((c) => c.dispose()));
}
