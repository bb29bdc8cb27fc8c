import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { callIntervalMs, createRedisRateGate } from '../../src/rate-limit/rate-gate.js';

const REDIS_URL = process.env.REDIS_URL;

describe.skipIf(!REDIS_URL)('Redis rate gate (one budget for all instances)', () => {
  const clients = [0, 1, 2].map(() => new Redis(REDIS_URL ?? ''));
  const key = `gwtest-rate-${randomUUID()}`;
  afterAll(async () => {
    await clients[0]?.del(key);
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('spaces calls from three connections one interval apart, so no second holds more than qps', async () => {
    const qps = 40;
    const gates = clients.map((client) => createRedisRateGate(client, key, qps));
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 90 }, async (_, i) => {
        await gates[i % 3]?.acquire();
        times.push(Date.now());
      }),
    );
    times.sort((a, b) => a - b);
    const perSecond = new Map<number, number>();
    for (const t of times)
      perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(qps);
    // 90 calls at one per interval take 89 intervals; timers fire late, never more than a ms early.
    const interval = Math.ceil(callIntervalMs(qps));
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(89 * interval - 89);
  });
});
