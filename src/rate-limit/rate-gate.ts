import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { RateLimitedError } from '../errors.js';
import { currentVendorCallContext, type VendorCallContext } from './call-context.js';

/**
 * One vendor credential's call budget. `acquire` resolves when a call may be made. The budget is shared
 * fairly among the tenants waiting on it: each turn goes to the next tenant in rotation, and within a
 * tenant calls made for a client go before polls. A call made for a client is refused with RATE_LIMITED
 * (and `retryAfterMs`) when its wait would outlast its deadline, and dropped when its client goes away.
 */
export interface RateGate {
  acquire(context?: VendorCallContext): Promise<void>;
}

/** The client of a queued call went away; nothing was sent to the vendor. */
export class VendorCallAbandoned extends Error {
  constructor() {
    super('the caller went away before the vendor call could be made');
    this.name = 'VendorCallAbandoned';
  }
}

/**
 * Spacing calls evenly (one slot per interval) rather than allowing `qps` at once per window: a fixed
 * window not aligned with the vendor's own seconds could let 2 x qps land in one of them. The small
 * margin absorbs scheduling jitter between our clock and the vendor's counter.
 */
export function callIntervalMs(qps: number): number {
  const interval = 1000 / qps;
  // The margin is capped at a tenth of the interval so that a large budget is not throttled by it.
  return interval * 1.02 + Math.min(2, interval / 10);
}

/** Where call slots come from: reserves the next free one and says how long until it opens. */
export interface SlotSource {
  readonly intervalMs: number;
  /** How late after its slot a call may still go out (see lateToleranceMs). */
  readonly lateToleranceMs: number;
  reserve(): Promise<number>;
}

/**
 * A vendor counts calls by arrival, in its own seconds. Slots `intervalMs` apart put at most qps of
 * them in any second with `qps * intervalMs - 1000` ms to spare; a call sent later than its slot eats
 * into that spare, and one sent later than all of it can land in the next second beside that second's
 * full share (three instances on one Redis, one of them busy). Half of the spare may go to lateness,
 * the other half is left for the network.
 */
export function lateToleranceMs(qps: number, intervalMs: number): number {
  return Math.max(0, (qps * intervalMs - 1000) / 2);
}

/** A slot reached later than its tolerance is given up for the next free one, at most this often in a row. */
const MAX_SLOTS_GIVEN_UP = 2;

/** Slots of this process alone. */
export function localSlots(qps: number): SlotSource {
  const intervalMs = callIntervalMs(qps);
  let next = 0;
  return {
    intervalMs,
    lateToleranceMs: lateToleranceMs(qps, intervalMs),
    async reserve() {
      const now = performance.now();
      const slot = Math.max(now, next);
      next = slot + intervalMs;
      return slot - now;
    },
  };
}

/**
 * Reserves the next free call slot of a credential in Redis and returns how long to wait for it.
 * Slots are `interval` apart on Redis's own clock (TIME), so instances with drifting clocks still
 * space their calls correctly. rate-limiter-flexible's Redis limiter counts whole seconds only,
 * which would allow bursts of 2 x qps across a window edge.
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
export function redisSlots(redis: Redis, key: string, qps: number): SlotSource {
  if (!('reserveCallSlot' in redis)) {
    redis.defineCommand('reserveCallSlot', { numberOfKeys: 1, lua: RESERVE_SLOT });
  }
  const intervalMs = Math.ceil(callIntervalMs(qps));
  return {
    intervalMs,
    lateToleranceMs: lateToleranceMs(qps, intervalMs),
    reserve: () => (redis as SlotRedis).reserveCallSlot(key, intervalMs),
  };
}

interface Waiter {
  context: VendorCallContext;
  resolve(): void;
  reject(error: Error): void;
  /** Undoes the deadline timer and the abort listener. */
  dispose(): void;
}

/** A call without a context (tests, tools) is a background call of nobody in particular. */
const ANONYMOUS: VendorCallContext = { tenant: '', kind: 'background', deadline: null };

/**
 * Fair queuing over a slot source: one slot is reserved at a time, and the waiter it goes to is chosen
 * when it opens, so a burst of one tenant never books the slots ahead of another tenant's calls.
 */
export interface RateGateOptions {
  /** How the vendor is named to people (in refusals). */
  label: string;
  /** Told +1 when a call starts waiting and -1 when it stops (granted, refused or abandoned). */
  onQueueChange?: (delta: 1 | -1) => void;
}

export function createRateGate(slots: SlotSource, { label, onQueueChange }: RateGateOptions): RateGate {
  const tenants = new Map<string, { interactive: Waiter[]; background: Waiter[] }>();
  /** Tenants with waiters, in rotation order. */
  const rotation: string[] = [];
  let dispatching = false;

  const queueOf = (tenant: string) => {
    let queue = tenants.get(tenant);
    if (!queue) {
      queue = { interactive: [], background: [] };
      tenants.set(tenant, queue);
      rotation.push(tenant);
    }
    return queue;
  };

  const remove = (waiter: Waiter) => {
    const queue = tenants.get(waiter.context.tenant);
    if (!queue) return;
    const list = waiter.context.kind === 'interactive' ? queue.interactive : queue.background;
    const index = list.indexOf(waiter);
    if (index < 0) return;
    list.splice(index, 1);
    onQueueChange?.(-1);
    if (queue.interactive.length === 0 && queue.background.length === 0) {
      tenants.delete(waiter.context.tenant);
      rotation.splice(rotation.indexOf(waiter.context.tenant), 1);
    }
  };

  /** The next waiter in fair order: the next tenant in rotation, its client calls first. */
  const takeNext = (): Waiter | undefined => {
    const tenant = rotation.shift();
    if (tenant === undefined) return undefined;
    const queue = tenants.get(tenant);
    const waiter = queue?.interactive.shift() ?? queue?.background.shift();
    if (queue && (queue.interactive.length > 0 || queue.background.length > 0)) rotation.push(tenant);
    else tenants.delete(tenant);
    if (waiter) onQueueChange?.(-1);
    return waiter;
  };

  /** Roughly how long a new waiter of `tenant` would wait: the turns ahead of it in rotation. */
  const estimateWaitMs = (context: VendorCallContext): number => {
    const own = tenants.get(context.tenant);
    const rounds =
      1 +
      (own?.interactive.length ?? 0) +
      (context.kind === 'background' ? (own?.background.length ?? 0) : 0);
    let ahead = rounds - 1;
    for (const [tenant, queue] of tenants) {
      if (tenant !== context.tenant)
        ahead += Math.min(queue.interactive.length + queue.background.length, rounds);
    }
    return (ahead + (dispatching ? 1 : 0)) * slots.intervalMs;
  };

  const dispatch = async () => {
    if (dispatching) return;
    dispatching = true;
    try {
      let givenUp = 0;
      while (rotation.length > 0) {
        const waitMs = await slots.reserve();
        const opensAt = performance.now() + waitMs;
        if (waitMs > 0) await sleep(waitMs);
        // Woken too late (a busy event loop): this slot's call could reach the vendor among the next
        // second's, so it is left unused and the next free one taken; a few times at most, so that a
        // loop that is always late still makes progress.
        if (performance.now() - opensAt > slots.lateToleranceMs && givenUp < MAX_SLOTS_GIVEN_UP) {
          givenUp++;
          continue;
        }
        givenUp = 0;
        const waiter = takeNext();
        if (!waiter) continue;
        waiter.dispose();
        waiter.resolve();
      }
    } catch (error) {
      // The slot source failed (Redis away): everyone waiting fails the same way, as a call would.
      for (let waiter = takeNext(); waiter; waiter = takeNext()) {
        waiter.dispose();
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
      }
    } finally {
      dispatching = false;
    }
  };

  return {
    acquire(context = currentVendorCallContext() ?? ANONYMOUS) {
      if (context.signal?.aborted) return Promise.reject(new VendorCallAbandoned());
      if (context.kind === 'interactive' && context.deadline !== null) {
        const waitMs = estimateWaitMs(context);
        if (Date.now() + waitMs > context.deadline) return Promise.reject(refused(label, waitMs));
      }
      return new Promise<void>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const onAbort = () => {
          remove(waiter);
          waiter.dispose();
          reject(new VendorCallAbandoned());
        };
        const waiter: Waiter = {
          context,
          resolve,
          reject,
          dispose: () => {
            clearTimeout(timer);
            context.signal?.removeEventListener('abort', onAbort);
          },
        };
        if (context.kind === 'interactive' && context.deadline !== null) {
          timer = setTimeout(() => {
            remove(waiter);
            waiter.dispose();
            reject(refused(label, estimateWaitMs(context)));
          }, context.deadline - Date.now());
        }
        context.signal?.addEventListener('abort', onAbort, { once: true });
        const queue = queueOf(context.tenant);
        (context.kind === 'interactive' ? queue.interactive : queue.background).push(waiter);
        onQueueChange?.(1);
        void dispatch();
      });
    },
  };
}

function refused(label: string, waitMs: number): RateLimitedError {
  return new RateLimitedError(
    'vendorRate',
    waitMs,
    `${label}'s rate budget is taken for about ${Math.ceil(waitMs / 1000)} s; try again later`,
  );
}
