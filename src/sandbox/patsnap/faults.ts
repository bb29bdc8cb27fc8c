/**
 * Scripted vendor failures for tests: "the next N calls of this operation fail this way". Faults
 * apply to the API operations only (never to file downloads), after the QPS check, so a call refused
 * for rate does not use one up.
 */
import { z } from 'zod';
import type { PatSnapErrorCode } from './envelope.js';
import type { PatSnapApiOperation } from './stats.js';

export const FAULT_OPERATIONS = [
  'oauth.token',
  'export.create',
  'export.status',
  'search.nested',
  'search.query',
  'report.create',
  'report.status',
  '*',
] as const;
export type PatSnapFaultOperation = (typeof FAULT_OPERATIONS)[number];
/** Does not compile when an API operation is missing above, so no operation escapes fault scripts. */
const _everyOperationFaultable: [Exclude<PatSnapApiOperation, PatSnapFaultOperation>] extends [never]
  ? true
  : never = true;

/**
 * Error codes answer with that envelope (HTTP status as for the real error, see envelope.ts);
 * `http503` answers HTTP 503 with an HTML body, like a load balancer in front of the vendor;
 * `timeout` stalls for `delayMs` and then answers normally.
 */
export const FAULT_KINDS = ['67200002', '67200003', '67200100', '68300008', 'http503', 'timeout'] as const;
export type PatSnapFaultKind = (typeof FAULT_KINDS)[number];

/** The envelope each error-code kind answers with; `satisfies` keeps it in step with FAULT_KINDS. */
export const FAULT_ERROR_CODES = {
  '67200002': 67200002,
  '67200003': 67200003,
  '67200100': 67200100,
  '68300008': 68300008,
} as const satisfies Record<Exclude<PatSnapFaultKind, 'http503' | 'timeout'>, PatSnapErrorCode>;

export interface PatSnapFaultSpec {
  operation: PatSnapFaultOperation;
  kind: PatSnapFaultKind;
  /** How many matching calls fail; default 1. */
  times?: number;
  /** Stall before answering; default 15000 for `timeout`, 0 for the other kinds. */
  delayMs?: number;
}

export interface PatSnapFaults {
  /** Queues a fault; throws TypeError on an invalid spec. Faults are used in the order queued. */
  inject(fault: PatSnapFaultSpec): void;
  /** Every token issued until now is refused with 67200009 from now on. */
  revokeTokens(): void;
  /** Drops every queued fault (revoked tokens stay revoked). */
  clear(): void;
}

/** A fault taken for one call. */
export interface ActiveFault {
  kind: PatSnapFaultKind;
  delayMs: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

const faultSpecSchema = z.object({
  operation: z.enum(FAULT_OPERATIONS),
  kind: z.enum(FAULT_KINDS),
  times: z.number().int().min(1).optional(),
  delayMs: z.number().int().min(0).optional(),
});

/** Validates a fault spec from an untyped source (the POST /_faults body). */
export function parseFaultSpec(input: unknown): PatSnapFaultSpec | undefined {
  const parsed = faultSpecSchema.safeParse(input);
  return parsed.success ? parsed.data : undefined;
}

interface QueuedFault {
  operation: PatSnapFaultOperation;
  kind: PatSnapFaultKind;
  remaining: number;
  delayMs: number;
}

export class FaultQueue implements PatSnapFaults {
  #queue: QueuedFault[] = [];

  constructor(private readonly onRevokeTokens: () => void) {}

  inject(fault: PatSnapFaultSpec): void {
    const spec = parseFaultSpec(fault);
    if (spec === undefined) throw new TypeError(`invalid PatSnap sandbox fault: ${JSON.stringify(fault)}`);
    this.#queue.push({
      operation: spec.operation,
      kind: spec.kind,
      remaining: spec.times ?? 1,
      delayMs: spec.delayMs ?? (spec.kind === 'timeout' ? DEFAULT_TIMEOUT_MS : 0),
    });
  }

  revokeTokens(): void {
    this.onRevokeTokens();
  }

  clear(): void {
    this.#queue = [];
  }

  /** Uses up one call of the first queued fault matching `operation`, if any. */
  take(operation: PatSnapApiOperation): ActiveFault | undefined {
    const index = this.#queue.findIndex((f) => f.operation === operation || f.operation === '*');
    const fault = this.#queue[index];
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.#queue.splice(index, 1);
    return { kind: fault.kind, delayMs: fault.delayMs };
  }
}
