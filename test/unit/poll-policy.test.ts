import { describe, expect, it } from 'vitest';
import type { PollState } from '../../src/tasks/model.js';
import {
  afterPoll,
  afterTransientFailure,
  initialPollState,
  isPastDeadline,
  nextWake,
  withJitter,
} from '../../src/tasks/policy.js';

const cfg = { initialMs: 1000, maxMs: 30_000, maxFailures: 3 };
const t0 = new Date('2026-01-01T00:00:00.000Z');
const mid = () => 0.5; // no jitter
const delayOf = (state: PollState) => Date.parse(state.nextPollAt ?? '') - t0.getTime();

describe('poll policy', () => {
  it('first poll is one initial interval after creation', () => {
    const state = initialPollState(cfg, t0, null);
    expect(delayOf(state)).toBe(1000);
    expect(state.consecutiveFailures).toBe(0);
  });

  it('backs off by 1.5x while nothing changes, capped at maxMs', () => {
    let state = initialPollState(cfg, t0, null);
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      state = afterPoll(state, false, cfg, t0, mid);
      delays.push(delayOf(state));
    }
    expect(delays.slice(0, 4)).toEqual([1500, 2250, 3375, 5063]);
    expect(Math.max(...delays)).toBe(30_000);
    expect(delays.at(-1)).toBe(30_000);
  });

  it('resets to the initial interval when the vendor status changes', () => {
    let state = initialPollState(cfg, t0, null);
    for (let i = 0; i < 6; i++) state = afterPoll(state, false, cfg, t0, mid);
    state = afterPoll(state, true, cfg, t0, mid);
    expect(delayOf(state)).toBe(1000);
  });

  it('jitter stays within ±20 % and never exceeds the cap', () => {
    expect(withJitter(1000, 0.2, () => 0)).toBe(800);
    expect(withJitter(1000, 0.2, () => 0.999999)).toBe(1200);
    const capped = afterPoll(
      { ...initialPollState(cfg, t0, null), intervalMs: 30_000 },
      false,
      cfg,
      t0,
      () => 0.99,
    );
    expect(delayOf(capped)).toBe(30_000);
  });

  it('retries transient failures and gives up after maxFailures in a row', () => {
    let state = initialPollState(cfg, t0, null);
    const first = afterTransientFailure(state, cfg, t0, mid);
    expect(first.kind).toBe('retry');
    state = first.state;
    expect(state.consecutiveFailures).toBe(1);
    state = afterTransientFailure(state, cfg, t0, mid).state;
    const third = afterTransientFailure(state, cfg, t0, mid);
    expect(third.kind).toBe('give-up');
    expect(third.state.nextPollAt).toBeNull();
  });

  it('a successful poll clears the failure count', () => {
    const failing = afterTransientFailure(initialPollState(cfg, t0, null), cfg, t0, mid).state;
    expect(afterPoll(failing, false, cfg, t0, mid).consecutiveFailures).toBe(0);
  });

  it('enforces the vendor task-id deadline', () => {
    const deadline = new Date(t0.getTime() + 24 * 3600_000).toISOString();
    const state = initialPollState(cfg, t0, deadline);
    expect(isPastDeadline(state, t0)).toBe(false);
    expect(isPastDeadline(state, new Date(Date.parse(deadline)))).toBe(true);
    // never sleeps past the deadline
    const late = { ...state, nextPollAt: new Date(Date.parse(deadline) + 5000).toISOString() };
    expect(nextWake('RUNNING', late, null)).toBe(deadline);
  });

  it('wakes a SUCCEEDED task at its URL expiry and never wakes other terminal tasks', () => {
    const state = initialPollState(cfg, t0, null);
    expect(nextWake('SUCCEEDED', state, '2026-01-08T00:00:00.000Z')).toBe('2026-01-08T00:00:00.000Z');
    expect(nextWake('FAILED', state, null)).toBeNull();
    expect(nextWake('CANCELLED', state, null)).toBeNull();
    expect(nextWake('EXPIRED', state, null)).toBeNull();
  });
});
