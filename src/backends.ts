import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createRedisTaskEvents } from './events/redis-task-events.js';
import { createMemoryTaskEvents, type TaskEvents } from './events/task-events.js';
import { localSlots, redisSlots, type SlotSource } from './rate-limit/rate-gate.js';
import { BullmqScheduler } from './scheduler/bullmq-scheduler.js';
import { LocalScheduler } from './scheduler/local-scheduler.js';
import type { Scheduler } from './scheduler/scheduler.js';
import { RedisTaskStore } from './store/redis-store.js';
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

export function createBackends(config: Config, logger: Logger): Backends {
  if (!config.redisUrl) {
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
  const { keyPrefix, takeoverMs } = config.redis;
  const { retentionMs } = config;
  // Commands fail fast while Redis is away (instead of queueing forever), so /ready and the API
  // answer at once; ioredis keeps reconnecting with backoff in the background.
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: true });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  const store = new RedisTaskStore(redis, { keyPrefix, retentionMs });
  return {
    store,
    events: createRedisTaskEvents(config.redisUrl, keyPrefix, logger),
    scheduler: new BullmqScheduler({
      redisUrl: config.redisUrl,
      prefix: `${keyPrefix}bull`,
      store,
      logger,
      stalledIntervalMs: takeoverMs,
      sweepIntervalMs: Math.max(1000, Math.min(takeoverMs, 10_000)),
    }),
    rateSlots: (credential, qps) => redisSlots(redis, `${keyPrefix}rate:${credential}`, qps),
    redis,
    close: async () => {
      await redis.quit().catch(() => {});
    },
  };
}
