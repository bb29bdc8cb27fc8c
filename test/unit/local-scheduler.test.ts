import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalScheduler, slotMs } from '../../src/scheduler/local-scheduler.js';

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

describe('LocalScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A scheduler whose handler records when each task ran (fake-clock ms since T0). */
  function recording() {
    const ran: { taskId: string; at: number }[] = [];
    const scheduler = new LocalScheduler();
    scheduler.start(async (taskId) => {
      ran.push({ taskId, at: Date.now() - T0 });
    });
    return { scheduler, ran };
  }

  it('runs tasks due within one slot together, on one timer, early by less than the slot and never late', async () => {
    const { scheduler, ran } = recording();
    // Due 30.000 s to 30.099 s from now: one 100 ms slot.
    for (let i = 0; i < 100; i++) scheduler.schedule(`t${i}`, new Date(T0 + 30_000 + i));
    scheduler.schedule('next-slot', new Date(T0 + 30_100));
    expect(vi.getTimerCount()).toBe(2);

    await vi.advanceTimersByTimeAsync(29_999);
    expect(ran).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ran).toHaveLength(100);
    expect(new Set(ran.map((r) => r.at))).toEqual(new Set([30_000]));
    await vi.advanceTimersByTimeAsync(100);
    expect(ran.at(-1)).toEqual({ taskId: 'next-slot', at: 30_100 });
    expect(vi.getTimerCount()).toBe(0);
    await scheduler.stop();
  });

  it('keeps short waits exact enough: a 50 ms wait runs at 50 ms, a 500 ms one at most 10 ms early', async () => {
    const { scheduler, ran } = recording();
    scheduler.schedule('short', new Date(T0 + 50));
    scheduler.schedule('medium', new Date(T0 + 509));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ran).toEqual([
      { taskId: 'short', at: 50 },
      { taskId: 'medium', at: 500 },
    ]);
    await scheduler.stop();
  });

  it('moves a rescheduled task out of its slot and drops a slot left empty', async () => {
    const { scheduler, ran } = recording();
    scheduler.schedule('a', new Date(T0 + 30_000));
    scheduler.schedule('b', new Date(T0 + 30_010));
    scheduler.schedule('a', new Date(T0 + 60_000));
    scheduler.unschedule('b');
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(ran).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ran).toEqual([{ taskId: 'a', at: 60_000 }]);
    await scheduler.stop();
  });

  it('runs a task that is past due at once', async () => {
    const { scheduler, ran } = recording();
    scheduler.schedule('late', new Date(T0 - 5_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(ran).toEqual([{ taskId: 'late', at: 0 }]);
    await scheduler.stop();
  });

  it('defers a schedule that arrives while the task runs, and joins a run in flight', async () => {
    const scheduler = new LocalScheduler();
    let release: () => void = () => {};
    let runs = 0;
    scheduler.start(async () => {
      runs++;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    const first = scheduler.runNow('a');
    const joined = scheduler.runNow('a');
    scheduler.schedule('a', new Date(T0 + 1_000));
    expect(runs).toBe(1);
    release();
    await Promise.all([first, joined]);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(2);
    release();
    await scheduler.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('re-arms a wait longer than one timer can hold', async () => {
    const { scheduler, ran } = recording();
    const day = 24 * 60 * 60 * 1000;
    scheduler.schedule('far', new Date(T0 + 30 * day));
    await vi.advanceTimersByTimeAsync(25 * day);
    expect(ran).toEqual([]);
    await vi.advanceTimersByTimeAsync(5 * day);
    expect(ran).toEqual([{ taskId: 'far', at: 30 * day }]);
    await scheduler.stop();
  });
});

describe('slotMs', () => {
  it('never lets a run start more than a tenth of its wait early, and is at least 1 ms', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 10 ** 10 }), (delay) => {
        const slot = slotMs(delay);
        expect(slot).toBeGreaterThanOrEqual(1);
        expect(slot).toBeLessThanOrEqual(Math.max(1, delay / 10));
      }),
    );
  });
});
