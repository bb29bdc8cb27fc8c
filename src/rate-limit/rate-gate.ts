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
  return (1000 / qps) * 1.02 + 2;
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
