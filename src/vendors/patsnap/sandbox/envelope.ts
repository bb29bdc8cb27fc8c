/**
 * PatSnap's response envelope and error vocabulary (../README.md 1.2; messages copied from the P055
 * doc page). Success is `status: true, error_code: 0`; an error carries no `data`.
 */
import type { ServerResponse } from 'node:http';
import { stringify } from 'lossless-json';
import { sendBody, sendJson } from '../../shared/sandbox/http.js';

export const ERROR_MESSAGES = {
  67200002: 'The current call rate is too fast, exceeding the current configuration limit QPS!',
  67200003:
    'The key and secret parameters for applying for the token are incorrect or the client has been disabled!',
  67200008: 'Please check if the required apikey in the query parameter has been transmitted!',
  67200009: 'The apikey does not match the passed bearerToken. Please check if a valid token is being used!',
  67200100: 'The current server status is busy, request response timeout!',
  67200101: 'The API requested currently does not exist. Please check the request path!',
  68300004: 'Invalid parameter!',
  68300007: 'Bad request!',
  68300008: 'Service error, please try again later!',
  // From the R001 doc page only; the vendor's other pages do not list it.
  68300013: 'Report does not exist',
} as const;

export type PatSnapErrorCode = keyof typeof ERROR_MESSAGES;

/**
 * HTTP status per error code. The vendor documents business errors inside HTTP 200 and lists
 * 401/404 without saying which codes use them, so we chose, consistently for every endpoint
 * (including injected faults):
 * - credential failures (67200003 bad id/secret, 67200008 missing apikey/Authorization,
 *   67200009 bad/expired/revoked token) -> HTTP 401, envelope in the body;
 * - unknown path (67200101) -> HTTP 404, envelope in the body;
 * - everything else (rate 67200002, timeouts 67200100, parameters 68300004/68300007, 68300008,
 *   unknown report 68300013)
 *   -> HTTP 200 with `status: false`, as the vendor does for business errors.
 * Clients must therefore read the envelope on 200, 401 and 404 alike.
 */
export function httpStatusOf(code: PatSnapErrorCode): number {
  switch (code) {
    case 67200003:
    case 67200008:
    case 67200009:
      return 401;
    case 67200101:
      return 404;
    default:
      return 200;
  }
}

export function sendError(res: ServerResponse, code: PatSnapErrorCode): void {
  sendJson(res, httpStatusOf(code), { status: false, error_code: code, error_msg: ERROR_MESSAGES[code] });
}

export function sendData(res: ServerResponse, data: unknown): void {
  sendJson(res, 200, { data, status: true, error_code: 0 });
}

/**
 * Like sendData, for data holding bigints (R001 job ids): they are written as exact integer
 * literals, as the vendor's int64 fields are, where JSON.stringify would throw.
 */
export function sendDataWithInt64(res: ServerResponse, data: unknown): void {
  const text = stringify({ data, status: true, error_code: 0 }) ?? '';
  sendBody(res, 200, { 'Content-Type': 'application/json; charset=utf-8' }, text);
}
