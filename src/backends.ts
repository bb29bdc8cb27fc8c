import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createMemoryTaskEvents, type TaskEvents } from './events/task-events.js';
import { localSlots, type SlotSource } from './rate-limit/rate-gate.js';
import { LocalScheduler } from './scheduler/local-scheduler.js';
import type { Scheduler } from './scheduler/scheduler.js';
import { SqliteTaskStore } from './store/sqlite-store.js';
import type { TaskStore } from './store/task-store.js';

/**
 * Where state, events, schedules and rate budgets live: embedded in this process (SQLite file,
 * timers, in-memory pub/sub) or, with REDIS_URL, shared by every instance on one Redis.
 */
export interface Backends {
  store: TaskStore;
  events: TaskEvents;
  scheduler: Scheduler;
  /** The call slots of one vendor credential (`credential` names it without revealing it). */
  rateSlots(credential: string, qps: number): SlotSource;
  /** The shared Redis connection (sandbox state, rate budgets), or null when embedded. */
  redis: Redis | null;
  /** After the scheduler and the store have stopped. */
  close(): Promise<void>;
}

export async function createBackends(config: Config, logger: Logger): Promise<Backends> {
  if (config.redisUrl) {
    // Loaded only when used: ioredis and BullMQ weigh about 30 MB of memory an embedded gateway never needs.
    const { createRedisBackends } = await import('./redis-backends.js');
    return createRedisBackends(config.redisUrl, config, logger);
  }
  return {
    // Retention of finished tasks applies to both stores; the setting lives under `redis` for history.
    store: new SqliteTaskStore(config.databasePath, { retentionMs: config.retentionMs }),
    events: createMemoryTaskEvents(),
    scheduler: new LocalScheduler(),
    rateSlots: (_credential, qps) => localSlots(qps),
    redis: null,
    close: async () => {},
  };
}
