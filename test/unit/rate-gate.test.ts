import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../src/errors.js';
import type { VendorCallContext } from '../../src/rate-limit/call-context.js';
import {
  callIntervalMs,
  createRateGate,
  lateToleranceMs,
  localSlots,
  type SlotSource,
  VendorCallAbandoned,
} from '../../src/rate-limit/rate-gate.js';

const background = (tenant: string): VendorCallContext => ({ tenant, kind: 'background', deadline: null });
const interactive = (tenant: string, waitMs = 60_000, signal?: AbortSignal): VendorCallContext => ({
  tenant,
  kind: 'interactive',
  deadline: Date.now() + waitMs,
  signal,
});

/** Queues every call at once (before the gate hands out its first slot) and records the grant order. */
function race(gate: ReturnType<typeof createRateGate>, calls: [string, VendorCallContext][]) {
  const order: string[] = [];
  const done = Promise.allSettled(
    calls.map(([name, context]) => gate.acquire(context).then(() => void order.push(name))),
  );
  return { order, done };
}

describe('fair rate gate', () => {
  it("shares the budget among tenants: another tenant's burst does not push a call to the back", async () => {
    const gate = createRateGate(localSlots(2000), { label: 'Vendor' });
    const burst = Array.from({ length: 40 }, (_, i): [string, VendorCallContext] => [
      `a${i}`,
      background('a'),
    ]);
    const few = Array.from({ length: 4 }, (_, i): [string, VendorCallContext] => [`b${i}`, background('b')]);
    const { order, done } = race(gate, [...burst, ...few]);
    await done;
    expect(order).toHaveLength(44);
    // Turns alternate while both wait: b's four calls are among the first nine, not the last four.
    expect(Math.max(...few.map(([name]) => order.indexOf(name)))).toBeLessThan(9);
    // Each tenant's own calls keep their order.
    expect(order.filter((n) => n.startsWith('a'))).toEqual(burst.map(([name]) => name));
  });

  it("within a tenant, a call made for a client goes before the tenant's polls", async () => {
    const gate = createRateGate(localSlots(2000), { label: 'Vendor' });
    const polls = Array.from({ length: 20 }, (_, i): [string, VendorCallContext] => [
      `poll${i}`,
      background('a'),
    ]);
    const { order, done } = race(gate, [...polls, ['search', interactive('a')]]);
    await done;
    expect(order.indexOf('search')).toBe(0);
  });

  it('refuses at once, with RATE_LIMITED and retryAfterMs, a call whose wait would pass its deadline', async () => {
    const gate = createRateGate(localSlots(10), { label: 'Vendor' });
    // Twenty other tenants each wait for a turn (a's own polls would not count: its search goes first).
    const queued = Array.from({ length: 20 }, (_, i) => gate.acquire(background(`other${i}`)));
    const started = Date.now();
    const refusal = await gate.acquire(interactive('a', 500)).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect((refusal as RateLimitedError).retryAfterMs).toBeGreaterThan(500);
    expect((refusal as RateLimitedError).message).toContain('Vendor');
    // Refused without waiting for the budget.
    expect(Date.now() - started).toBeLessThan(500);
    await Promise.all(queued);
  });

  it('drops a queued call whose client went away; the slot goes to the next caller', async () => {
    const gate = createRateGate(localSlots(2000), { label: 'Vendor' });
    const controller = new AbortController();
    const first = gate.acquire(background('a'));
    const abandoned = gate.acquire(interactive('b', 60_000, controller.signal));
    const third = gate.acquire(background('c'));
    controller.abort();
    await expect(abandoned).rejects.toBeInstanceOf(VendorCallAbandoned);
    await Promise.all([first, third]);
    await expect(gate.acquire(interactive('b', 60_000, controller.signal))).rejects.toBeInstanceOf(
      VendorCallAbandoned,
    );
  });

  it('spaces the calls of all tenants by the credential interval', async () => {
    const qps = 200;
    const gate = createRateGate(localSlots(qps), { label: 'Vendor' });
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        gate.acquire(background(`t${i % 3}`)).then(() => void times.push(performance.now())),
      ),
    );
    // Timers fire late, never early: 30 calls take at least 29 intervals (less a ms of rounding each).
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(29 * (1000 / qps) - 29);
  });

  /** A slot source that answers the given waits in turn (negative: the slot opened that long ago). */
  function scripted(waits: number[], lateToleranceMs: number) {
    const asked: number[] = [];
    const source: SlotSource = {
      intervalMs: 1,
      lateToleranceMs,
      reserve: async () => {
        const wait = waits[asked.length] ?? 0;
        asked.push(wait);
        return wait;
      },
    };
    return { source, asked };
  }

  it('gives up a slot reached later than its tolerance and takes the next one', async () => {
    const { source, asked } = scripted([-100, 0], 20);
    const gate = createRateGate(source, { label: 'Vendor' });
    await gate.acquire(background('a'));
    expect(asked).toEqual([-100, 0]);
  });

  it('gives up at most two slots in a row, so an event loop that is always late still gets its calls out', async () => {
    const { source, asked } = scripted([-100, -100, -100, -100, -100, -100], 20);
    const gate = createRateGate(source, { label: 'Vendor' });
    await gate.acquire(background('a'));
    expect(asked).toHaveLength(3);
    await gate.acquire(background('a'));
    expect(asked).toHaveLength(6);
  });

  it('keeps a slot reached within its tolerance', async () => {
    const { source, asked } = scripted([-10, 0], 20);
    const gate = createRateGate(source, { label: 'Vendor' });
    await gate.acquire(background('a'));
    expect(asked).toEqual([-10]);
  });
});

describe('lateToleranceMs', () => {
  it('keeps any second of arrivals within the budget when calls leave up to the tolerance late and travel up to as long again', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.boolean(),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 64 }),
        (qps, redis, delays) => {
          // The Redis slot source rounds the interval up to whole milliseconds.
          const interval = redis ? Math.ceil(callIntervalMs(qps)) : callIntervalMs(qps);
          const tolerance = lateToleranceMs(qps, interval);
          // Three seconds of slots, each call arriving up to the tolerance late plus as much network delay.
          const arrivals = Array.from(
            { length: 3 * qps + 1 },
            (_, k) => k * interval + 2 * tolerance * (delays[k % delays.length] ?? 0),
          ).sort((a, b) => a - b);
          // An arrival exactly 1000 ms after another belongs to the next second, but k x interval in
          // floating point can fall a hair short of it; the window ends a microsecond early for that.
          for (const start of arrivals) {
            const inSecond = arrivals.filter((t) => t >= start && t < start + 1000 - 1e-3).length;
            expect(inSecond).toBeLessThanOrEqual(qps);
          }
        },
      ),
    );
  });
});
