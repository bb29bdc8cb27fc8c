/**
 * Typed vendor failures. Adapters throw these; the poller decides retry from `transient`, the
 * GraphQL layer turns `code` into `extensions.code`. Messages never contain credentials.
 */

export type VendorErrorCode =
  | 'VENDOR_ERROR'
  | 'VENDOR_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'QUOTA_EXCEEDED'
  | 'NOT_CONFIGURED';

export class VendorError extends Error {
  readonly code: VendorErrorCode;
  readonly vendorCode: string | null;
  /** Transient errors are retried with backoff; permanent ones fail the task at once. */
  readonly transient: boolean;
  /**
   * The vendor never answered (a timeout, a lost connection): it may have acted on the request all
   * the same. A create that ends so may have left a vendor task nobody follows.
   */
  readonly unanswered: boolean;

  constructor(
    code: VendorErrorCode,
    message: string,
    opts: {
      vendorCode?: string | number | null;
      transient?: boolean;
      unanswered?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'VendorError';
    this.code = code;
    this.vendorCode = opts.vendorCode == null ? null : String(opts.vendorCode);
    this.transient = opts.transient ?? false;
    this.unanswered = opts.unanswered ?? false;
  }
}

/**
 * A function that blanks these credential values out of vendor-supplied text (an error message may
 * echo what was sent). Values under 4 characters are ignored: they would blank ordinary words.
 */
export function secretRedactor(values: readonly (string | undefined)[]): (text: string) => string {
  const secrets = values.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  return (text) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
