import { VendorError, type VendorErrorCode } from '../shared/vendor-error.js';

/**
 * Tencent Cloud API 3.0 `Response.Error.Code` -> VendorError (README.md §3.5). Errors arrive inside
 * HTTP 200; a non-200 status is a transport problem in front of the API. Pure.
 */

interface Rule {
  test: (code: string) => boolean;
  code: VendorErrorCode;
  transient: boolean;
  hint?: string;
}

const prefix =
  (...ps: string[]) =>
  (code: string) =>
    ps.some((p) => code === p || code.startsWith(`${p}.`));

const RULES: readonly Rule[] = [
  { test: prefix('RequestLimitExceeded'), code: 'RATE_LIMITED', transient: true, hint: 'rate limited' },
  { test: prefix('InternalError'), code: 'VENDOR_UNAVAILABLE', transient: true, hint: 'internal error' },
  {
    test: prefix('ServiceUnavailable'),
    code: 'VENDOR_UNAVAILABLE',
    transient: true,
    hint: 'service unavailable',
  },
  {
    test: prefix('AuthFailure.SignatureFailure'),
    code: 'UNAUTHENTICATED',
    transient: false,
    hint: 'the request signature was rejected; check TENCENT_SECRET_KEY',
  },
  {
    test: prefix('AuthFailure.SignatureExpire'),
    code: 'UNAUTHENTICATED',
    transient: false,
    hint: "X-TC-Timestamp is more than 5 minutes from the vendor's clock; check this host's clock",
  },
  {
    test: prefix('AuthFailure.SecretIdNotFound', 'AuthFailure.InvalidSecretId'),
    code: 'UNAUTHENTICATED',
    transient: false,
    hint: 'the SecretId is unknown or disabled; check TENCENT_SECRET_ID',
  },
  {
    test: prefix('AuthFailure.TokenFailure'),
    code: 'UNAUTHENTICATED',
    transient: false,
    hint: 'the session token (X-TC-Token) was rejected or has expired',
  },
  {
    test: prefix('AuthFailure.InvalidAuthorization'),
    code: 'UNAUTHENTICATED',
    transient: false,
    hint: 'the Authorization header was malformed',
  },
  {
    test: (c) =>
      prefix('AuthFailure.UnauthorizedOperation', 'AuthFailure.MFAFailure', 'UnauthorizedOperation')(c) ||
      prefix('FailedOperation.NoPermission', 'IpInBlacklist', 'IpNotInWhitelist')(c),
    code: 'FORBIDDEN',
    transient: false,
    hint: 'access denied; grant the CAM user DLC permission',
  },
  { test: prefix('AuthFailure'), code: 'UNAUTHENTICATED', transient: false, hint: 'authentication failed' },
  { test: prefix('InvalidParameter', 'InvalidParameterValue'), code: 'BAD_USER_INPUT', transient: false },
  { test: prefix('ResourceNotFound'), code: 'NOT_FOUND', transient: false },
  { test: prefix('LimitExceeded'), code: 'QUOTA_EXCEEDED', transient: false },
];

const MAX_MESSAGE_LENGTH = 300;

export function mapDlcError(
  vendorCode: string,
  vendorMessage: string | null,
  redact: (text: string) => string = (t) => t,
): VendorError {
  const code = vendorCode.trim();
  const rule = RULES.find((r) => r.test(code));
  let text = vendorMessage ? redact(vendorMessage).replace(/\s+/g, ' ').trim() : '';
  if (text.length > MAX_MESSAGE_LENGTH) text = `${text.slice(0, MAX_MESSAGE_LENGTH)}…`;
  const detail = [rule?.hint, text].filter((p): p is string => !!p).join(': ') || 'request failed';
  return new VendorError(rule?.code ?? 'VENDOR_ERROR', `Tencent Cloud DLC: ${detail} (${code})`, {
    vendorCode: code,
    transient: rule?.transient ?? false,
  });
}

/** A response without a `Response` envelope. */
export function mapDlcHttpStatus(status: number): VendorError {
  if (status === 429) {
    return new VendorError('RATE_LIMITED', 'Tencent Cloud DLC: too many requests (HTTP 429)', {
      transient: true,
    });
  }
  if (status >= 500 || status === 408 || status === 200) {
    return new VendorError('VENDOR_UNAVAILABLE', `Tencent Cloud DLC: unexpected response (HTTP ${status})`, {
      transient: true,
    });
  }
  if (status === 401)
    return new VendorError('UNAUTHENTICATED', 'Tencent Cloud DLC: credentials rejected (HTTP 401)');
  if (status === 403) return new VendorError('FORBIDDEN', 'Tencent Cloud DLC: access denied (HTTP 403)');
  return new VendorError('VENDOR_ERROR', `Tencent Cloud DLC: request rejected (HTTP ${status})`);
}
