/**
 * Tencent COS-style signed links for finished reports, shaped like the vendor's
 * (`/tffi-export/<stamp>/<id>/<name>.docx?sign=q-sign-algorithm%3Dsha1...&response-content-
 * disposition=...`). The signature is an HMAC over path and validity window rather than real COS
 * signing: clients treat the URL as opaque, only the shape and the expiry must hold.
 */
import { constantTimeEqual, hmacSha256Hex } from '../../shared/sandbox/signing.js';
import type { LinkRefusal } from './links.js';

const LINK_PURPOSE = 'patsnap.report-link.v1';
export const REPORT_FILES_PREFIX = '/tffi-export/';

export interface ReportLinkParams {
  secret: string;
  origin: string;
  basePath: string;
  jobId: string;
  fileName: string;
  /** When the report was finished; the link is valid from then for ttlSeconds. */
  signedAt: number;
  ttlSeconds: number;
}

/** Deterministic in the job and its finish time, so every poll hands out the identical URL. */
export function reportDownloadUrl(p: ReportLinkParams): string {
  const path = `${REPORT_FILES_PREFIX}${secondStamp(p.signedAt)}/${p.jobId}/${p.fileName}`;
  const start = Math.floor(p.signedAt / 1000);
  const window = `${start};${start + p.ttlSeconds}`;
  const sign = [
    ['q-sign-algorithm', 'sha1'],
    ['q-ak', 'SANDBOXPATSNAPREPORT'],
    ['q-sign-time', window],
    ['q-key-time', window],
    ['q-header-list', 'host'],
    ['q-url-param-list', 'response-content-disposition'],
    ['q-signature', linkSignature(p.secret, path, window)],
  ]
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const disposition = `attachment;filename*=UTF-8''${p.fileName}`;
  return `${p.origin}${p.basePath}${path}?sign=${encodeURIComponent(sign)}&response-content-disposition=${encodeURIComponent(disposition)}`;
}

/** Why a report download is refused, in COS's (S3-like) vocabulary; undefined when it is good. */
export function checkReportLink(
  secret: string,
  path: string,
  query: URLSearchParams,
  now: number,
): LinkRefusal | undefined {
  const sign = new URLSearchParams(query.get('sign') ?? '');
  const window = sign.get('q-sign-time');
  const signature = sign.get('q-signature');
  if (window === null || signature === null) {
    return { httpStatus: 403, code: 'AccessDenied', message: 'Access Denied.' };
  }
  if (!constantTimeEqual(signature, linkSignature(secret, path, window))) {
    return {
      httpStatus: 403,
      code: 'SignatureDoesNotMatch',
      message: 'The Signature you specified does not match what we calculated.',
    };
  }
  // The signature covers the window, so its end is a number we wrote ourselves.
  const end = Number(window.split(';')[1]);
  if (now >= end * 1000) return { httpStatus: 403, code: 'AccessDenied', message: 'Request has expired' };
  return undefined;
}

/** The job id inside a `/tffi-export/<stamp>/<job id>/<file>` path, else undefined. */
export function jobIdOfReportPath(path: string): string | undefined {
  if (!path.startsWith(REPORT_FILES_PREFIX)) return undefined;
  const parts = path.slice(REPORT_FILES_PREFIX.length).split('/');
  return parts.length === 3 && parts[1] !== '' ? parts[1] : undefined;
}

/** 40 hex digits, the length of the vendor's SHA-1 signatures. */
function linkSignature(secret: string, path: string, window: string): string {
  return hmacSha256Hex(secret, [LINK_PURPOSE, path, window].join('\n')).slice(0, 40);
}

/** -> 20241126074833, as in the vendor's paths */
function secondStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[-:T]/g, '');
}
