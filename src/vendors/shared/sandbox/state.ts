/**
 * What a vendor sandbox must agree on with the other gateway instances that sandbox the same vendor:
 * the per-second QPS budget, the call statistics, the DMS nonce-replay memory and the R001 job-id
 * sequence. Tasks, tokens and links need nothing here: they are signed, self-describing strings that
 * every instance with the same SANDBOX_SECRET recognises.
 *
 * Two implementations: `MemorySandboxState` (one process; what the sandboxes did before there was a
 * choice) and `RedisSandboxState` (every instance on one Redis is one vendor: its budget and counters
 * are cluster-wide). Scripted faults and token revocation (the `/_faults` controls) stay per instance.
 *
 * Redis key layout under the key prefix (default `sandbox:`, give each sandbox its own, e.g.
 * `sandbox:patsnap:`):
 *   rate:<epoch second>          string  accepted API calls in that second (expires after 120 s)
 *   stats:calls                  hash    operation -> calls (refused ones included), downloads
 *   stats:errors                 hash    error code -> answers sent with it
 *   stats:per-second             hash    epoch second -> API calls, the last 600 seconds
 *   stats:status-calls           hash    task id -> status calls
 *   stats:max-in-flight          hash    task id -> most status calls in flight at once
 *   stats:scalars                hash    rejectedForRate, maxCallsInOneSecond, maxInFlightStatusPerTask,
 *                                        newestSecond (the histogram's newest second)
 *   in-flight:<task id>          string  status calls in flight now (kept across a reset; expires
 *                                        15 minutes after the last start or end, so a killed instance's
 *                                        calls do not stay in flight forever)
 *   nonce:<nonce>                string  a used nonce, until its request can no longer pass the clock window
 *   seq:<name>                   string  a cluster-wide sequence (R001 job ids)
 * A reset deletes the `stats:*` keys in one DEL; it leaves the budget, in-flight calls and nonces.
 * The calendar second is the sandbox's own clock (`now`), as with one instance.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateBudget } from './rate.js';

/** Everything the sandboxes count, cluster-wide; each sandbox shows the part it has in its own shape. */
export interface SandboxCounters {
  /** Calls per operation (API calls accepted and refused alike, and downloads). */
  calls: Record<string, number>;
  /** Answers per error code. */
  errors: Record<string, number>;
  rejectedForRate: number;
  maxCallsInOneSecond: number;
  /** API calls per calendar second (epoch seconds as keys), the last 600 seconds. */
  callsPerSecond: Record<string, number>;
  statusCallsByTask: Record<string, number>;
  maxInFlightStatusPerTask: number;
  maxInFlightStatusByTask: Record<string, number>;
}

export interface ApiCallArrival {
  operation: string;
  nowMs: number;
  /** The budget per calendar second, over every instance sharing the state. */
  qps: number;
  /** The task a status call polls, counted per task and as in flight until `statusCallEnded`. */
  statusTaskId?: string | null;
}

export interface SandboxState {
  /** True when other instances share this state, so the cluster-wide figures live here, not in-process. */
  readonly shared: boolean;
  /**
   * The vendor's front door, in its order: counts the call (per operation, per second, per polled
   * task, in flight), then takes one call from the second's budget. False when the budget is spent:
   * the call is counted as rejected for rate and uses no budget.
   */
  admitApiCall(call: ApiCallArrival): Promise<boolean>;
  /** A status call admitted (or refused) with `statusTaskId` has been answered. */
  statusCallEnded(taskId: string): Promise<void>;
  /** Counts a call that is not an API call (a download). Never rejects: a count that fails is lost. */
  countCall(operation: string): Promise<void>;
  /** Counts an error answer. Never rejects: a count that fails is lost. */
  countError(code: string): Promise<void>;
  /** True the first time `nonce` is seen; it is remembered until `forgetAtMs` (sandbox clock). */
  claimNonce(nonce: string, nowMs: number, forgetAtMs: number): Promise<boolean>;
  /** The next value of a sequence, 1, 2, ... modulo `modulo`. */
  nextSequence(name: string, modulo: number): Promise<number>;
  readCounters(): Promise<SandboxCounters>;
  /** Zeroes the counters (calls in flight right now still finish normally). */
  resetCounters(): Promise<void>;
}

const HISTOGRAM_SECONDS = 600;

/** Keys may come from the query string; a prototype-less object keeps keys like `__proto__` inert. */
export function emptyRecord(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

function emptyCounters(): SandboxCounters {
  return {
    calls: emptyRecord(),
    errors: emptyRecord(),
    rejectedForRate: 0,
    maxCallsInOneSecond: 0,
    callsPerSecond: emptyRecord(),
    statusCallsByTask: emptyRecord(),
    maxInFlightStatusPerTask: 0,
    maxInFlightStatusByTask: emptyRecord(),
  };
}

function increment(record: Record<string, number>, key: string): number {
  const value = (record[key] ?? 0) + 1;
  record[key] = value;
  return value;
}

/** One process is the whole vendor. */
export class MemorySandboxState implements SandboxState {
  readonly shared = false;
  #counters = emptyCounters();
  #newestSecond = Number.NEGATIVE_INFINITY;
  readonly #budget = new RateBudget();
  /** Live requests, not history: kept across a reset so finishing requests never go negative. */
  readonly #inFlightByTask = new Map<string, number>();
  /** nonce -> the instant it may be forgotten. */
  readonly #nonces = new Map<string, number>();
  readonly #sequences = new Map<string, number>();

  async admitApiCall({ operation, nowMs, qps, statusTaskId }: ApiCallArrival): Promise<boolean> {
    const c = this.#counters;
    increment(c.calls, operation);
    const second = Math.floor(nowMs / 1000);
    if (second > this.#newestSecond) {
      this.#newestSecond = second;
      for (const key of Object.keys(c.callsPerSecond)) {
        if (Number(key) <= second - HISTOGRAM_SECONDS) delete c.callsPerSecond[key];
      }
    }
    c.maxCallsInOneSecond = Math.max(c.maxCallsInOneSecond, increment(c.callsPerSecond, String(second)));
    if (statusTaskId !== undefined && statusTaskId !== null) {
      increment(c.statusCallsByTask, statusTaskId);
      const inFlight = (this.#inFlightByTask.get(statusTaskId) ?? 0) + 1;
      this.#inFlightByTask.set(statusTaskId, inFlight);
      c.maxInFlightStatusByTask[statusTaskId] = Math.max(
        c.maxInFlightStatusByTask[statusTaskId] ?? 0,
        inFlight,
      );
      c.maxInFlightStatusPerTask = Math.max(c.maxInFlightStatusPerTask, inFlight);
    }
    if (this.#budget.tryTake(nowMs, qps)) return true;
    c.rejectedForRate += 1;
    return false;
  }

  async statusCallEnded(taskId: string): Promise<void> {
    const left = (this.#inFlightByTask.get(taskId) ?? 1) - 1;
    if (left > 0) this.#inFlightByTask.set(taskId, left);
    else this.#inFlightByTask.delete(taskId);
  }

  async countCall(operation: string): Promise<void> {
    increment(this.#counters.calls, operation);
  }

  async countError(code: string): Promise<void> {
    increment(this.#counters.errors, code);
  }

  async claimNonce(nonce: string, nowMs: number, forgetAtMs: number): Promise<boolean> {
    for (const [n, forgetAt] of this.#nonces) if (forgetAt < nowMs) this.#nonces.delete(n);
    if (this.#nonces.has(nonce)) return false;
    this.#nonces.set(nonce, forgetAtMs);
    return true;
  }

  async nextSequence(name: string, modulo: number): Promise<number> {
    const next = ((this.#sequences.get(name) ?? 0) + 1) % modulo;
    this.#sequences.set(name, next);
    return next;
  }

  async readCounters(): Promise<SandboxCounters> {
    return structuredClone(this.#counters);
  }

  async resetCounters(): Promise<void> {
    this.#counters = emptyCounters();
    this.#newestSecond = Number.NEGATIVE_INFINITY;
  }
}

export interface RedisSandboxStateOptions {
  /** Prepended to every key; default 'sandbox:'. Each sandbox (vendor) needs its own. */
  keyPrefix?: string;
}

/** How long a second's budget key outlives its second: room for a test clock that stands still. */
const RATE_KEY_TTL_SECONDS = 120;
/** A status call is never expected to take this long; an instance killed mid-call heals after it. */
const IN_FLIGHT_TTL_MS = 15 * 60 * 1000;

/**
 * KEYS: rate, calls, per-second, scalars, status-calls, max-in-flight, in-flight of the task.
 * ARGV: operation, second, qps (-1: unlimited), histogram seconds, task id ('' for none),
 *       in-flight TTL ms, rate-key TTL s. Returns 1 when admitted, 0 when refused for rate.
 */
const ADMIT_API_CALL = `
local second = tonumber(ARGV[2])
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
local newest = tonumber(redis.call('HGET', KEYS[4], 'newestSecond') or '')
if newest == nil or second > newest then
  redis.call('HSET', KEYS[4], 'newestSecond', ARGV[2])
  local stale = {}
  for _, key in ipairs(redis.call('HKEYS', KEYS[3])) do
    if tonumber(key) <= second - tonumber(ARGV[4]) then stale[#stale + 1] = key end
  end
  if #stale > 0 then redis.call('HDEL', KEYS[3], unpack(stale)) end
end
local inSecond = redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
if inSecond > tonumber(redis.call('HGET', KEYS[4], 'maxCallsInOneSecond') or '0') then
  redis.call('HSET', KEYS[4], 'maxCallsInOneSecond', inSecond)
end
if ARGV[5] ~= '' then
  redis.call('HINCRBY', KEYS[5], ARGV[5], 1)
  local inFlight = redis.call('INCR', KEYS[7])
  redis.call('PEXPIRE', KEYS[7], ARGV[6])
  if inFlight > tonumber(redis.call('HGET', KEYS[6], ARGV[5]) or '0') then
    redis.call('HSET', KEYS[6], ARGV[5], inFlight)
  end
  if inFlight > tonumber(redis.call('HGET', KEYS[4], 'maxInFlightStatusPerTask') or '0') then
    redis.call('HSET', KEYS[4], 'maxInFlightStatusPerTask', inFlight)
  end
end
local qps = tonumber(ARGV[3])
if qps >= 0 and tonumber(redis.call('GET', KEYS[1]) or '0') >= qps then
  redis.call('HINCRBY', KEYS[4], 'rejectedForRate', 1)
  return 0
end
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[7])
return 1
`;

/** KEYS: in-flight of the task. ARGV: in-flight TTL ms. */
const STATUS_CALL_ENDED = `
local left = redis.call('DECR', KEYS[1])
if left <= 0 then redis.call('DEL', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return left
`;

class Script {
  readonly #sha: string;
  constructor(readonly source: string) {
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  /** EVALSHA, loading the script with EVAL when the server does not have it (yet, or any more). */
  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

const admitScript = new Script(ADMIT_API_CALL);
const endScript = new Script(STATUS_CALL_ENDED);

/** Every instance on one Redis (and one key prefix) is one vendor. */
export class RedisSandboxState implements SandboxState {
  readonly shared = true;
  readonly #prefix: string;
  readonly #stats: {
    calls: string;
    errors: string;
    perSecond: string;
    statusCalls: string;
    maxInFlight: string;
    scalars: string;
  };

  constructor(
    private readonly redis: Redis,
    opts: RedisSandboxStateOptions = {},
  ) {
    this.#prefix = opts.keyPrefix ?? 'sandbox:';
    const key = (name: string) => `${this.#prefix}stats:${name}`;
    this.#stats = {
      calls: key('calls'),
      errors: key('errors'),
      perSecond: key('per-second'),
      statusCalls: key('status-calls'),
      maxInFlight: key('max-in-flight'),
      scalars: key('scalars'),
    };
  }

  async admitApiCall({ operation, nowMs, qps, statusTaskId }: ApiCallArrival): Promise<boolean> {
    const second = Math.floor(nowMs / 1000);
    const taskId = statusTaskId ?? '';
    const s = this.#stats;
    const keys = [
      `${this.#prefix}rate:${second}`,
      s.calls,
      s.perSecond,
      s.scalars,
      s.statusCalls,
      s.maxInFlight,
      `${this.#prefix}in-flight:${taskId}`,
    ];
    const args = [
      operation,
      second,
      Number.isFinite(qps) ? qps : -1,
      HISTOGRAM_SECONDS,
      taskId,
      IN_FLIGHT_TTL_MS,
      RATE_KEY_TTL_SECONDS,
    ];
    return (await admitScript.run(this.redis, keys, args)) === 1;
  }

  async statusCallEnded(taskId: string): Promise<void> {
    await endScript.run(this.redis, [`${this.#prefix}in-flight:${taskId}`], [IN_FLIGHT_TTL_MS]);
  }

  async countCall(operation: string): Promise<void> {
    await this.redis.hincrby(this.#stats.calls, operation, 1).catch(() => undefined);
  }

  async countError(code: string): Promise<void> {
    await this.redis.hincrby(this.#stats.errors, code, 1).catch(() => undefined);
  }

  async claimNonce(nonce: string, nowMs: number, forgetAtMs: number): Promise<boolean> {
    const ttlMs = Math.max(1, Math.ceil(forgetAtMs - nowMs));
    return (await this.redis.set(`${this.#prefix}nonce:${nonce}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async nextSequence(name: string, modulo: number): Promise<number> {
    return (await this.redis.incr(`${this.#prefix}seq:${name}`)) % modulo;
  }

  async readCounters(): Promise<SandboxCounters> {
    const s = this.#stats;
    const replies = await this.redis
      .multi()
      .hgetall(s.calls)
      .hgetall(s.errors)
      .hgetall(s.perSecond)
      .hgetall(s.statusCalls)
      .hgetall(s.maxInFlight)
      .hgetall(s.scalars)
      .exec();
    if (replies === null) throw new Error('Redis aborted the sandbox statistics transaction');
    const [calls, errors, perSecond, statusCalls, maxInFlight, scalars] = replies.map(([error, value]) => {
      if (error) throw error;
      return toNumbers(value as Record<string, string>);
    }) as Record<string, number>[];
    return {
      calls: calls ?? emptyRecord(),
      errors: errors ?? emptyRecord(),
      rejectedForRate: scalars?.rejectedForRate ?? 0,
      maxCallsInOneSecond: scalars?.maxCallsInOneSecond ?? 0,
      callsPerSecond: perSecond ?? emptyRecord(),
      statusCallsByTask: statusCalls ?? emptyRecord(),
      maxInFlightStatusPerTask: scalars?.maxInFlightStatusPerTask ?? 0,
      maxInFlightStatusByTask: maxInFlight ?? emptyRecord(),
    };
  }

  async resetCounters(): Promise<void> {
    await this.redis.del(...Object.values(this.#stats));
  }
}

function toNumbers(hash: Record<string, string>): Record<string, number> {
  const record = emptyRecord();
  for (const [key, value] of Object.entries(hash)) record[key] = Number(value);
  return record;
}
