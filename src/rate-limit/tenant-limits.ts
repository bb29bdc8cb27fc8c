import type { Redis } from 'ioredis';
import {
  type IRateLimiterOptions,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Caller } from '../auth/authenticator.js';
import { RateLimitedError } from '../errors.js';

/** A tenant's budgets; TENANTS_FILE `limits` override these per tenant. */
export interface TenantLimitValues {
  /** GraphQL requests (HTTP, SSE) and graphql-ws subscribe messages per minute. */
  requestsPerMinute: number;
  /** Tasks that are QUEUED or RUNNING at once. */
  activeTasks: number;
  /** Open subscriptions, on this instance. */
  subscriptions: number;
}

export interface TenantLimitsOptions {
  defaults: TenantLimitValues;
  /** With Redis the request rate is one budget for the whole cluster; else per process. */
  redis?: { client: Redis; keyPrefix: string };
}

/**
 * Per-tenant budgets, counted with rate-limiter-flexible: the request rate in memory or in Redis
 * (cluster-wide), open subscriptions in this process only (a crashed instance must not leave
 * subscriptions counted for ever). Active tasks are counted by the task store, which is the truth.
 */
export class TenantLimits {
  readonly #defaults: TenantLimitValues;
  readonly #redis: TenantLimitsOptions['redis'];
  /** One limiter per distinct budget size (tenants may have their own). */
  readonly #requestLimiters = new Map<number, RateLimiterAbstract>();
  readonly #subscriptionLimiters = new Map<number, RateLimiterMemory>();

  constructor(opts: TenantLimitsOptions) {
    this.#defaults = opts.defaults;
    this.#redis = opts.redis;
  }

  of(caller: Caller): TenantLimitValues {
    return { ...this.#defaults, ...caller.config?.limits };
  }

  /** Counts one request of the caller's tenant; RATE_LIMITED when its minute's budget is spent. */
  async consumeRequest(caller: Caller): Promise<void> {
    const points = this.of(caller).requestsPerMinute;
    try {
      await this.#requestLimiter(points).consume(caller.tenant);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new RateLimitedError(
        'requestsPerMinute',
        rejection.msBeforeNext,
        `Tenant ${caller.tenant} made more than ${points} requests in a minute`,
      );
    }
  }

  /** Counts an open subscription; the returned function releases it (once). */
  async openSubscription(caller: Caller): Promise<() => void> {
    const points = this.of(caller).subscriptions;
    const limiter = this.#subscriptionLimiter(points);
    try {
      await limiter.consume(caller.tenant);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new RateLimitedError(
        'subscriptions',
        1000,
        `Tenant ${caller.tenant} already has ${points} open subscriptions; close one first`,
      );
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      void limiter.reward(caller.tenant);
    };
  }

  #requestLimiter(points: number): RateLimiterAbstract {
    let limiter = this.#requestLimiters.get(points);
    if (!limiter) {
      const options: IRateLimiterOptions = { points, duration: 60, keyPrefix: `requests:${points}` };
      limiter = this.#redis
        ? new RateLimiterRedis({
            ...options,
            storeClient: this.#redis.client,
            keyPrefix: `${this.#redis.keyPrefix}requests:${points}`,
            // Redis away: fall back to a per-process budget rather than refusing everyone.
            insuranceLimiter: new RateLimiterMemory(options),
          })
        : new RateLimiterMemory(options);
      this.#requestLimiters.set(points, limiter);
    }
    return limiter;
  }

  #subscriptionLimiter(points: number): RateLimiterMemory {
    let limiter = this.#subscriptionLimiters.get(points);
    if (!limiter) {
      // duration 0: the count never expires by itself; every open is rewarded back when it closes.
      limiter = new RateLimiterMemory({ points, duration: 0, keyPrefix: `subscriptions:${points}` });
      this.#subscriptionLimiters.set(points, limiter);
    }
    return limiter;
  }
}
