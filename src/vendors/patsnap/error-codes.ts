import { VendorError, type VendorErrorCode } from '../shared/vendor-error.js';

/**
 * PatSnap `error_code` -> VendorError. Platform errors are 672xxxxx, business errors 683xxxxx
 * (README.md §1.2 and the P055 doc page). Transient ones are retried by the poller with backoff.
 */

export interface PatSnapErrorSpec {
  code: VendorErrorCode;
  transient: boolean;
  /** The vendor's documented text, used when a response carries no `error_msg`. */
  text: string;
}

const spec = (code: VendorErrorCode, transient: boolean, text: string): PatSnapErrorSpec => ({
  code,
  transient,
  text,
});

export const PATSNAP_ERRORS: Readonly<Record<string, PatSnapErrorSpec>> = {
  // The getStart page says "Server Internal Error!", the devportal a platform limit; both pass with time.
  '67200000': spec('VENDOR_UNAVAILABLE', true, 'Server Internal Error!'),
  '67200001': spec('QUOTA_EXCEEDED', false, 'API call exceeds the total limit set by the platform!'),
  '67200002': spec(
    'RATE_LIMITED',
    true,
    'The current call rate is too fast, exceeding the current configuration limit QPS!',
  ),
  '67200003': spec(
    'UNAUTHENTICATED',
    false,
    'The key and secret parameters for applying for the token are incorrect or the client has been disabled!',
  ),
  '67200004': spec(
    'FORBIDDEN',
    false,
    'The requested api does not have permission. Please contact our support personnel!',
  ),
  '67200005': spec('QUOTA_EXCEEDED', false, 'Insufficient account balance/number of calls!'),
  '67200006': spec('QUOTA_EXCEEDED', false, 'The client has exceeded the activation validity period!'),
  '67200007': spec(
    'QUOTA_EXCEEDED',
    false,
    'The current call exceeds the configured usage limit of the day!',
  ),
  '67200008': spec(
    'UNAUTHENTICATED',
    false,
    'Please check if the required apikey in the query parameter has been transmitted!',
  ),
  // Permanent once the client has already refreshed its token once (client.ts does that).
  '67200009': spec(
    'UNAUTHENTICATED',
    false,
    'The apikey does not match the passed bearerToken. Please check if a valid token is being used!',
  ),
  '67200012': spec('VENDOR_ERROR', false, 'The request is illegal!'),
  '67200100': spec(
    'VENDOR_UNAVAILABLE',
    true,
    'The current server status is busy, request response timeout!',
  ),
  '67200101': spec(
    'VENDOR_ERROR',
    false,
    'The API requested currently does not exist. Please check the request path!',
  ),
  '67200202': spec('UNAUTHENTICATED', false, 'The apikey validation failed!'),
  '67200203': spec('FORBIDDEN', false, 'API need a true rate!'),
  '68300004': spec('VENDOR_ERROR', false, 'Invalid parameter!'),
  '68300005': spec('VENDOR_ERROR', false, 'Search api failure!'),
  '68300006': spec('VENDOR_ERROR', false, 'Analytic basic access error!'),
  '68300007': spec('VENDOR_ERROR', false, 'Bad request!'),
  '68300008': spec('VENDOR_UNAVAILABLE', true, 'Service error, please try again later!'),
  '68300010': spec('VENDOR_ERROR', false, 'The file does not comply with upload specifications!'),
  '68300013': spec('NOT_FOUND', false, 'Report does not exist'),
};

/** The PatSnap code a failed token request returns for a wrong client id/secret. */
export const PATSNAP_BAD_CLIENT_CREDENTIALS = '67200003';
/** apikey and bearer token do not match (usually: the token expired). Refresh once, then permanent. */
export const PATSNAP_TOKEN_MISMATCH = '67200009';

const MAX_MESSAGE_LENGTH = 500;

/** Removes anything that looks like a credential from a vendor-supplied message. */
export function scrubSecrets(message: string): string {
  return message
    .replace(/\b(Bearer|Basic)\s+[^\s,;"']+/gi, '$1 [redacted]')
    .replace(/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-[redacted]')
    .replace(
      /\b(apikey|api_key|api-key|token|access_token|client_secret|client_id|secret|signature)=[^&\s"']+/gi,
      '$1=[redacted]',
    );
}

/**
 * Maps a PatSnap `error_code` (number or numeric string) and its `error_msg` to a VendorError.
 * Unknown codes are permanent VENDOR_ERRORs. Pure; the message is `PatSnap: <error_msg or doc text>`.
 */
export function mapPatSnapError(code: number | string, message?: string | null): VendorError {
  const key = String(code).trim();
  const known = PATSNAP_ERRORS[key];
  const vendorText = typeof message === 'string' ? scrubSecrets(message.trim()) : '';
  let text = vendorText || known?.text || `error ${key}`;
  if (text.length > MAX_MESSAGE_LENGTH) text = `${text.slice(0, MAX_MESSAGE_LENGTH)}…`;
  return new VendorError(known?.code ?? 'VENDOR_ERROR', `PatSnap: ${text}`, {
    vendorCode: key,
    transient: known?.transient ?? false,
  });
}
