import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { callIntervalMs, createRateGate, redisSlots } from '../../src/rate-limit/rate-gate.js';

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
    const gates = clients.map((client) => createRateGate(redisSlots(client, key, qps), { label: 'test' }));
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

  it("is fair across instances: a burst on one instance does not book the slots ahead of another's calls", async () => {
    const fairKey = `${key}-fair`;
    const [one, two] = clients.map((client) =>
      createRateGate(redisSlots(client, fairKey, 200), { label: 'test' }),
    );
    const order: string[] = [];
    const background = (tenant: string) => ({ tenant, kind: 'background' as const, deadline: null });
    const burst = Array.from({ length: 40 }, (_, i) =>
      one?.acquire(background('a')).then(() => void order.push(`a${i}`)),
    );
    const few = Array.from({ length: 4 }, (_, i) =>
      two?.acquire(background('b')).then(() => void order.push(`b${i}`)),
    );
    await Promise.all([...burst, ...few]);
    await clients[0]?.del(fairKey);
    // Each instance holds one reservation at a time, so the two take turns at the shared budget.
    expect(Math.max(...[0, 1, 2, 3].map((i) => order.indexOf(`b${i}`)))).toBeLessThan(12);
  });
});
