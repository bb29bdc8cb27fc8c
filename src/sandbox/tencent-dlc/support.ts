/**
 * Stats, QPS budget and scripted faults of the DLC sandbox: the same roles as the PatSnap sandbox's
 * stats.ts / rate.ts / faults.ts, with Tencent's vocabulary.
 */
import { z } from 'zod';

export const DLC_API_OPERATIONS = ['CreateResultDownload', 'DescribeResultDownload'] as const;
export type DlcApiOperation = (typeof DLC_API_OPERATIONS)[number];

export interface DlcSandboxStats {
  /** API requests per action header (unknown actions under `other`), and OSS downloads. */
  calls: Record<DlcApiOperation | 'other' | 'cos.download', number>;
  /** Error codes sent, e.g. { 'AuthFailure.SignatureFailure': 1 }. */
  errors: Record<string, number>;
  rejectedForRate: number;
  maxCallsInOneSecond: number;
  reset(): void;
}

function emptyRecord(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

export class Stats implements DlcSandboxStats {
  calls = Stats.zero();
  errors = emptyRecord();
  rejectedForRate = 0;
  maxCallsInOneSecond = 0;
  #second = Number.NaN;
  #inSecond = 0;

  static zero(): DlcSandboxStats['calls'] {
    return { CreateResultDownload: 0, DescribeResultDownload: 0, other: 0, 'cos.download': 0 };
  }

  reset(): void {
    this.calls = Stats.zero();
    this.errors = emptyRecord();
    this.rejectedForRate = 0;
    this.maxCallsInOneSecond = 0;
    this.#second = Number.NaN;
    this.#inSecond = 0;
  }

  recordCall(operation: DlcApiOperation | 'other', nowMs: number): void {
    this.calls[operation] += 1;
    const second = Math.floor(nowMs / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#inSecond = 0;
    }
    this.#inSecond += 1;
    this.maxCallsInOneSecond = Math.max(this.maxCallsInOneSecond, this.#inSecond);
  }

  recordError(code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }
}

/** At most `qps` accepted calls per calendar second; a refused call uses no budget. */
export class RateBudget {
  #second = Number.NaN;
  #used = 0;

  constructor(private readonly qps: number) {}

  tryTake(nowMs: number): boolean {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#used = 0;
    }
    if (this.#used >= this.qps) return false;
    this.#used += 1;
    return true;
  }
}

/**
 * Error codes answer in the `Response.Error` envelope inside HTTP 200;
 * `http503` is an HTML page from a load balancer; `timeout` stalls `delayMs`, then answers normally.
 */
export const DLC_FAULT_KINDS = [
  'RequestLimitExceeded',
  'InternalError',
  'AuthFailure.SignatureExpire',
  'http503',
  'timeout',
] as const;
export type DlcFaultKind = (typeof DLC_FAULT_KINDS)[number];

export interface DlcFaultSpec {
  operation: DlcApiOperation | '*';
  kind: DlcFaultKind;
  times?: number;
  delayMs?: number;
}

export interface DlcFaults {
  /** Queues "the next `times` calls of `operation` fail this way"; throws TypeError on a bad spec. */
  inject(fault: DlcFaultSpec): void;
  clear(): void;
}

const faultSchema = z.object({
  operation: z.enum([...DLC_API_OPERATIONS, '*']),
  kind: z.enum(DLC_FAULT_KINDS),
  times: z.number().int().min(1).optional(),
  delayMs: z.number().int().min(0).optional(),
});

export function parseDlcFaultSpec(input: unknown): DlcFaultSpec | undefined {
  const parsed = faultSchema.safeParse(input);
  return parsed.success ? parsed.data : undefined;
}

export class FaultQueue implements DlcFaults {
  #queue: { operation: DlcFaultSpec['operation']; kind: DlcFaultKind; remaining: number; delayMs: number }[] =
    [];

  inject(fault: DlcFaultSpec): void {
    const spec = parseDlcFaultSpec(fault);
    if (spec === undefined) throw new TypeError(`invalid DLC sandbox fault: ${JSON.stringify(fault)}`);
    this.#queue.push({
      operation: spec.operation,
      kind: spec.kind,
      remaining: spec.times ?? 1,
      delayMs: spec.delayMs ?? (spec.kind === 'timeout' ? 15_000 : 0),
    });
  }

  clear(): void {
    this.#queue = [];
  }

  take(operation: DlcApiOperation | 'other'): { kind: DlcFaultKind; delayMs: number } | undefined {
    const index = this.#queue.findIndex((f) => f.operation === operation || f.operation === '*');
    const fault = this.#queue[index];
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.#queue.splice(index, 1);
    return { kind: fault.kind, delayMs: fault.delayMs };
  }
}
