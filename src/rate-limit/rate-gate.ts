import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterQueue } from 'rate-limiter-flexible';

/**
 * One vendor credential's call budget. `acquire` resolves when a call may be made; callers queue
 * in FIFO order instead of being rejected, so a burst of tasks drains at the vendor's rate.
 */
export interface RateGate {
  acquire(): Promise<void>;
}

/**
 * Spacing calls evenly (one token per interval) rather than allowing `qps` at once per window:
 * a fixed window not aligned with the vendor's own seconds could let 2 x qps land in one of them.
 * The small margin absorbs scheduling jitter between our clock and the vendor's counter.
 */
export function callIntervalMs(qps: number): number {
  const interval = 1000 / qps;
  // The margin is capped at a tenth of the interval so that a large budget is not throttled by it.
  return interval * 1.02 + Math.min(2, interval / 10);
}

export function createLocalRateGate(qps: number): RateGate {
  const limiter = new RateLimiterMemory({ points: 1, duration: callIntervalMs(qps) / 1000 });
  const queue = new RateLimiterQueue(limiter);
  return {
    async acquire() {
      await queue.removeTokens(1);
    },
  };
}

/**
 * Reserves the next free call slot of a credential in Redis and returns how long to wait for it.
 * Slots are `interval` apart on Redis's own clock (TIME), so instances with drifting clocks still
 * space their calls correctly. rate-limiter-flexible's Redis limiter counts whole seconds only,
 * which would allow bursts of 2 x qps across a window edge; this is the same spacing as the local gate.
 */
const RESERVE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], slot + interval, 'PX', slot + interval - now + 60000)
return slot - now
`;

type SlotRedis = Redis & { reserveCallSlot(key: string, intervalMs: number): Promise<number> };

/** One budget for every gateway instance on this Redis: the vendor sees the credential's rate. */
export function createRedisRateGate(redis: Redis, key: string, qps: number): RateGate {
  if (!('reserveCallSlot' in redis)) {
    redis.defineCommand('reserveCallSlot', { numberOfKeys: 1, lua: RESERVE_SLOT });
  }
  const interval = Math.ceil(callIntervalMs(qps));
  return {
    async acquire() {
      const waitMs = await (redis as SlotRedis).reserveCallSlot(key, interval);
      if (waitMs > 0) await sleep(waitMs);
    },
  };
}
