/**
 * Scripted vendor failures, the same for every sandbox: "the next N calls of this operation fail
 * this way". Each sandbox names its own operations and fault kinds; `'*'` matches any operation.
 * `timeout` stalls `delayMs` (default 15 s) and then answers normally; other kinds default to no delay.
 */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { delayUnlessClientGone, sendBody } from './http.js';

export interface FaultSpec<Operation extends string, Kind extends string> {
  operation: Operation | '*';
  kind: Kind;
  /** How many matching calls fail; default 1. */
  times?: number;
  /** Stall before answering; default 15000 for `timeout`, 0 for the other kinds. */
  delayMs?: number;
}

/** What a sandbox's `faults` offers its tests. */
export interface Faults<Operation extends string, Kind extends string> {
  /** Queues "the next `times` calls of `operation` fail this way"; throws TypeError on a bad spec. */
  inject(fault: FaultSpec<Operation, Kind>): void;
  clear(): void;
}

/** A fault taken for one call. */
export interface ActiveFault<Kind extends string> {
  kind: Kind;
  delayMs: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** A validator of fault specs from an untyped source (the POST /_faults body). */
export function faultSpecParser<Operation extends string, Kind extends string>(
  operations: readonly Operation[],
  kinds: readonly Kind[],
): (input: unknown) => FaultSpec<Operation, Kind> | undefined {
  const schema = z.object({
    operation: z.enum(['*', ...operations] as [Operation | '*', ...(Operation | '*')[]]),
    kind: z.enum(kinds as [Kind, ...Kind[]]),
    times: z.number().int().min(1).optional(),
    delayMs: z.number().int().min(0).optional(),
  });
  return (input) => {
    const parsed = schema.safeParse(input);
    return parsed.success ? (parsed.data as FaultSpec<Operation, Kind>) : undefined;
  };
}

interface QueuedFault<Operation extends string, Kind extends string> {
  operation: Operation | '*';
  kind: Kind;
  remaining: number;
  delayMs: number;
}

/** `Called` is what a call is taken for: the operations, and e.g. `'other'` for unknown actions. */
export class FaultQueue<Operation extends string, Kind extends string, Called extends string = Operation>
  implements Faults<Operation, Kind>
{
  #queue: QueuedFault<Operation, Kind>[] = [];
  readonly #parse: (input: unknown) => FaultSpec<Operation, Kind> | undefined;
  readonly #vendor: string;

  /** `vendor` names the sandbox in the TypeError of a bad spec, e.g. 'DMS'. */
  constructor(parse: (input: unknown) => FaultSpec<Operation, Kind> | undefined, vendor: string) {
    this.#parse = parse;
    this.#vendor = vendor;
  }

  /** Queues a fault; throws TypeError on an invalid spec. Faults are used in the order queued. */
  inject(fault: FaultSpec<Operation, Kind>): void {
    const spec = this.#parse(fault);
    if (spec === undefined)
      throw new TypeError(`invalid ${this.#vendor} sandbox fault: ${JSON.stringify(fault)}`);
    this.#queue.push({
      operation: spec.operation,
      kind: spec.kind,
      remaining: spec.times ?? 1,
      delayMs: spec.delayMs ?? (spec.kind === 'timeout' ? DEFAULT_TIMEOUT_MS : 0),
    });
  }

  clear(): void {
    this.#queue = [];
  }

  /** Uses up one call of the first queued fault matching `operation`, if any. */
  take(operation: Called): ActiveFault<Kind> | undefined {
    const index = this.#queue.findIndex((f) => f.operation === operation || f.operation === '*');
    const fault = this.#queue[index];
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.#queue.splice(index, 1);
    return { kind: fault.kind, delayMs: fault.delayMs };
  }
}

/** The fault kinds every sandbox knows; the others are the vendor's own error answers. */
export type VendorErrorKind<Kind extends string> = Exclude<Kind, 'timeout' | 'http503'>;

/**
 * Plays a fault out: stalls `delayMs` (false if the client left meanwhile), then `timeout` proceeds
 * (true), `http503` answers a load balancer's HTML page titled `http503Title`, and the vendor's own
 * kinds go to `sendError`. True when the call should then proceed normally (a survived timeout).
 */
export async function playFault<Kind extends string>(
  fault: ActiveFault<Kind>,
  res: ServerResponse,
  sendError: (kind: VendorErrorKind<Kind>) => void | Promise<void>,
  http503Title = '503 Service Unavailable',
): Promise<boolean> {
  if (fault.delayMs > 0 && !(await delayUnlessClientGone(res, fault.delayMs))) return false;
  if (fault.kind === 'timeout') return true;
  if (fault.kind === 'http503') {
    const html = `<html><body><h1>${http503Title}</h1></body></html>\n`;
    sendBody(res, 503, { 'Content-Type': 'text/html; charset=utf-8' }, html);
  } else {
    await sendError(fault.kind as VendorErrorKind<Kind>);
  }
  return false;
}
