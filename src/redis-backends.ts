import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Backends } from './backends.js';
import type { Config } from './config.js';
import { createRedisTaskEvents } from './events/redis-task-events.js';
import { redisSlots } from './rate-limit/rate-gate.js';
import { BullmqScheduler } from './scheduler/bullmq-scheduler.js';
import { RedisTaskStore } from './store/redis-store.js';

/** The scaled-out backends: every instance shares state, events, schedules and budgets on one Redis. */
export function createRedisBackends(redisUrl: string, config: Config, logger: Logger): Backends {
  const { keyPrefix, takeoverMs } = config.redis;
  const { retentionMs } = config;
  // Commands fail fast while Redis is away (instead of queueing forever), so /ready and the API
  // answer at once; ioredis keeps reconnecting with backoff in the background.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: true });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  const store = new RedisTaskStore(redis, { keyPrefix, retentionMs });
  return {
    store,
    events: createRedisTaskEvents(redisUrl, keyPrefix, logger),
    scheduler: new BullmqScheduler({
      redisUrl: redisUrl,
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
