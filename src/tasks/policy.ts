import type { PollState, TaskStatus } from './model.js';

/**
 * The poll policy as pure functions of (state, outcome, now, random) so that it can be tested
 * without timers. The poller applies it; the task service stores the result.
 */

export interface PollPolicyConfig {
  initialMs: number;
  maxMs: number;
  /** Consecutive transient failures after which the task fails with VENDOR_UNAVAILABLE. */
  maxFailures: number;
  factor?: number;
  jitter?: number;
}

const DEFAULT_FACTOR = 1.5;
const DEFAULT_JITTER = 0.2;

/** `random` returns [0, 1); the result lies within ±jitter of `intervalMs`. */
export function withJitter(intervalMs: number, jitter: number, random: () => number): number {
  return Math.round(intervalMs * (1 - jitter + 2 * jitter * random()));
}

export function initialPollState(cfg: PollPolicyConfig, now: Date, deadlineAt: string | null): PollState {
  return {
    nextPollAt: new Date(now.getTime() + cfg.initialMs).toISOString(),
    intervalMs: cfg.initialMs,
    consecutiveFailures: 0,
    deadlineAt,
  };
}

/**
 * After a successful status call. A change of vendor status resets the interval to the initial one
 * (things are moving, look again soon); no change grows it by `factor` up to `maxMs`.
 */
export function afterPoll(
  state: PollState,
  changed: boolean,
  cfg: PollPolicyConfig,
  now: Date,
  random: () => number = Math.random,
): PollState {
  const intervalMs = changed
    ? cfg.initialMs
    : Math.min(cfg.maxMs, state.intervalMs * (cfg.factor ?? DEFAULT_FACTOR));
  const delay = Math.min(cfg.maxMs, withJitter(intervalMs, cfg.jitter ?? DEFAULT_JITTER, random));
  return {
    ...state,
    intervalMs,
    consecutiveFailures: 0,
    nextPollAt: new Date(now.getTime() + delay).toISOString(),
  };
}

export type FailureDecision = { kind: 'retry'; state: PollState } | { kind: 'give-up'; state: PollState };

/** After a transient failure: back off like an unchanged poll, or give up after `maxFailures` in a row. */
export function afterTransientFailure(
  state: PollState,
  cfg: PollPolicyConfig,
  now: Date,
  random: () => number = Math.random,
): FailureDecision {
  const failures = state.consecutiveFailures + 1;
  if (failures >= cfg.maxFailures) {
    return { kind: 'give-up', state: { ...state, consecutiveFailures: failures, nextPollAt: null } };
  }
  const next = afterPoll(state, false, cfg, now, random);
  return { kind: 'retry', state: { ...next, consecutiveFailures: failures } };
}

/** A non-terminal task past the vendor's id validity can never finish. */
export function isPastDeadline(state: PollState, now: Date): boolean {
  return state.deadlineAt !== null && now.getTime() >= Date.parse(state.deadlineAt);
}

/**
 * When to wake for a task in `status`: SUCCEEDED tasks wake once at their URL expiry to become
 * EXPIRED; other terminal tasks never; open tasks at the next poll, never later than the deadline.
 */
export function nextWake(
  status: TaskStatus,
  state: PollState,
  downloadExpiresAt: string | null,
): string | null {
  if (status === 'SUCCEEDED') return downloadExpiresAt;
  if (status === 'FAILED' || status === 'EXPIRED' || status === 'CANCELLED') return null;
  if (state.nextPollAt && state.deadlineAt && Date.parse(state.deadlineAt) < Date.parse(state.nextPollAt)) {
    return state.deadlineAt;
  }
  return state.nextPollAt;
}
