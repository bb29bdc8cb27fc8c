import { VendorError, type VendorErrorCode } from '../shared/vendor-error.js';

/**
 * Alibaba Cloud error codes -> VendorError (README.md §2.5). The same codes arrive two ways:
 * gateway errors as HTTP 4xx/5xx with `{Code, Message}` (JSON, sometimes XML), DMS business errors
 * as HTTP 200 with `{Success:false, ErrorCode, ErrorMessage}`. Pure.
 */

interface Rule {
  test: (code: string) => boolean;
  code: VendorErrorCode;
  transient: boolean;
  /** Our explanation, put before the vendor's own message: what to check. */
  hint?: string;
}

const is =
  (...codes: string[]) =>
  (code: string) =>
    codes.includes(code);
const startsWith =
  (...prefixes: string[]) =>
  (code: string) =>
    prefixes.some((p) => code.startsWith(p));

const RULES: readonly Rule[] = [
  { test: startsWith('Throttling'), code: 'RATE_LIMITED', transient: true, hint: 'rate limited' },
  {
    test: is('ServiceUnavailable'),
    code: 'VENDOR_UNAVAILABLE',
    transient: true,
    hint: 'service unavailable',
  },
  { test: startsWith('InternalError'), code: 'VENDOR_UNAVAILABLE', transient: true, hint: 'internal error' },
  {
    test: is('SignatureDoesNotMatch', 'IncompleteSignature', 'InvalidSignatureMethod'),
    code: 'UNAUTHENTICATED',
    transient: false,
    hint: 'the request signature was rejected; check ALIYUN_ACCESS_KEY_SECRET',
  },
  {
    test: startsWith('InvalidAccessKeyId'),
    code: 'UNAUTHENTICATED',
    transient: false,
    hint: 'the AccessKey ID is unknown or disabled; check ALIYUN_ACCESS_KEY_ID',
  },
  {
    test: is('InvalidTimeStamp.Expired', 'IllegalTimestamp'),
    code: 'UNAUTHENTICATED',
    transient: false,
    hint: "the request time is more than 15 minutes from the vendor's clock; check this host's clock",
  },
  {
    test: startsWith('InvalidSecurityToken'),
    code: 'UNAUTHENTICATED',
    transient: false,
    hint: 'the STS security token was rejected',
  },
  // Nonces are random per request: a clash is a fluke (or a replay), a new request will pass.
  { test: is('SignatureNonceUsed'), code: 'VENDOR_ERROR', transient: true, hint: 'signature nonce reused' },
  {
    test: (c) => c.startsWith('Forbidden') || c === 'NoPermission' || c.startsWith('NoPermission.'),
    code: 'FORBIDDEN',
    transient: false,
    hint: 'access denied; grant the RAM user DMS permission for this ticket',
  },
  { test: startsWith('InvalidParameter', 'InvalidParam'), code: 'BAD_USER_INPUT', transient: false },
  // Parameters we failed to send: our defect, not the user's input.
  {
    test: startsWith('Missing', 'InvalidTimeStamp', 'InvalidAction', 'InvalidVersion'),
    code: 'VENDOR_ERROR',
    transient: false,
  },
];

const MAX_MESSAGE_LENGTH = 300;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_MESSAGE_LENGTH ? `${oneLine.slice(0, MAX_MESSAGE_LENGTH)}…` : oneLine;
}

/**
 * `httpStatus` is null for business errors (HTTP 200). `redact` removes our own credentials from
 * vendor text (SignatureDoesNotMatch messages echo the server's string to sign).
 */
export function mapDmsError(
  vendorCode: string,
  vendorMessage: string | null,
  httpStatus: number | null,
  redact: (text: string) => string = (t) => t,
): VendorError {
  const code = vendorCode.trim();
  const rule = RULES.find((r) => r.test(code));
  const vendorText = vendorMessage ? clip(redact(vendorMessage)) : '';
  const parts = [rule?.hint, vendorText].filter((p): p is string => !!p);
  const detail = parts.length > 0 ? parts.join(': ') : 'request failed';
  if (rule) {
    return new VendorError(rule.code, `Alibaba Cloud DMS: ${detail} (${code})`, {
      vendorCode: code,
      transient: rule.transient,
    });
  }
  const transient = httpStatus !== null && (httpStatus >= 500 || httpStatus === 408);
  return new VendorError(
    transient ? 'VENDOR_UNAVAILABLE' : 'VENDOR_ERROR',
    `Alibaba Cloud DMS: ${detail} (${code})`,
    {
      vendorCode: code,
      transient,
    },
  );
}

/** An HTTP error without a readable `Code` (a load balancer page, an empty body). */
export function mapDmsHttpStatus(status: number): VendorError {
  if (status === 429) {
    return new VendorError('RATE_LIMITED', 'Alibaba Cloud DMS: too many requests (HTTP 429)', {
      transient: true,
    });
  }
  if (status >= 500 || status === 408) {
    return new VendorError('VENDOR_UNAVAILABLE', `Alibaba Cloud DMS: service unavailable (HTTP ${status})`, {
      transient: true,
    });
  }
  if (status === 401)
    return new VendorError('UNAUTHENTICATED', 'Alibaba Cloud DMS: credentials rejected (HTTP 401)');
  if (status === 403) return new VendorError('FORBIDDEN', 'Alibaba Cloud DMS: access denied (HTTP 403)');
  if (status >= 400)
    return new VendorError('VENDOR_ERROR', `Alibaba Cloud DMS: request rejected (HTTP ${status})`);
  return new VendorError('VENDOR_UNAVAILABLE', `Alibaba Cloud DMS: unexpected response (HTTP ${status})`, {
    transient: true,
  });
}

/** `<Code>…</Code><Message>…</Message>` of an XML error body. */
export function parseXmlError(text: string): { code: string; message: string | null } | undefined {
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  if (!code) return undefined;
  return { code, message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? null };
}
