/**
 * Scripted vendor failures for tests: "the next N calls of this operation fail this way". Faults
 * apply to the API operations only (never to file downloads), after the QPS check, so a call refused
 * for rate does not use one up.
 */
import {
  type FaultSpec,
  type Faults,
  faultSpecParser,
  type ActiveFault as GenericActiveFault,
  FaultQueue as GenericFaultQueue,
} from '../../shared/sandbox/fault-queue.js';
import type { PatSnapErrorCode } from './envelope.js';
import type { PatSnapApiOperation } from './stats.js';

const FAULTABLE_OPERATIONS = [
  'oauth.token',
  'export.create',
  'export.status',
  'search.nested',
  'search.query',
  'report.create',
  'report.status',
] as const;
type FaultableOperation = (typeof FAULTABLE_OPERATIONS)[number];
export const FAULT_OPERATIONS = [...FAULTABLE_OPERATIONS, '*'] as const;
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

export type PatSnapFaultSpec = FaultSpec<FaultableOperation, PatSnapFaultKind>;

export interface PatSnapFaults extends Faults<FaultableOperation, PatSnapFaultKind> {
  /** Every token issued until now is refused with 67200009 from now on. */
  revokeTokens(): void;
  /** Drops every queued fault (revoked tokens stay revoked). */
  clear(): void;
}

/** A fault taken for one call. */
export type ActiveFault = GenericActiveFault<PatSnapFaultKind>;

/** Validates a fault spec from an untyped source (the POST /_faults body). */
export const parseFaultSpec = faultSpecParser(FAULTABLE_OPERATIONS, FAULT_KINDS);

export class FaultQueue
  extends GenericFaultQueue<FaultableOperation, PatSnapFaultKind, PatSnapApiOperation>
  implements PatSnapFaults
{
  constructor(private readonly onRevokeTokens: () => void) {
    super(parseFaultSpec, 'PatSnap');
  }

  revokeTokens(): void {
    this.onRevokeTokens();
  }
}
