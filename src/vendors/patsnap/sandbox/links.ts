/**
 * S3-style presigned download links, shaped like the vendor's (`exportapi.cdn.zhihuiya.com/<day>/
 * <id>/<stamp>.JSON?...X-Amz-Expires=604800...`). Our signature is an HMAC over the path, date and
 * lifetime rather than real SigV4: clients treat the URL as opaque, only the shape must match.
 */
import type { ServerResponse } from 'node:http';
import { sendBody } from '../../shared/sandbox/http.js';
import { constantTimeEqual, hmacSha256Hex } from '../../shared/sandbox/signing.js';
import { type ExportTask, finishedAt } from './export.js';
import { fileFormatOf } from './files.js';

const LINK_PURPOSE = 'patsnap.file-link.v1';
const FILES_PREFIX = '/files/';

export interface LinkParams {
  secret: string;
  /** e.g. http://127.0.0.1:4000 */
  origin: string;
  /** e.g. /sandbox/patsnap */
  basePath: string;
  taskId: string;
  task: ExportTask;
  ttlSeconds: number;
}

/**
 * The download URL of a finished export. Everything in it derives from the task's finish time, so
 * every poll (and every restarted process) hands out the identical URL.
 */
export function presignedDownloadUrl(p: LinkParams): string {
  const done = finishedAt(p.task);
  const fileName = `${fileStamp(done)}.${fileFormatOf(p.task.exportType).extension}`;
  const path = `${FILES_PREFIX}${dayStamp(done)}/${p.taskId}/${fileName}`;
  const amzDate = amzDateOf(done);
  const expires = String(p.ttlSeconds);
  const query: [string, string][] = [
    ['response-content-disposition', `attachment; filename="${fileName}";`],
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Date', amzDate],
    ['X-Amz-SignedHeaders', 'host'],
    ['X-Amz-Expires', expires],
    ['X-Amz-Credential', `SANDBOXPATSNAPEXPORT/${dayStamp(done)}/cn-north-1/s3/aws4_request`],
    ['X-Amz-Signature', linkSignature(p.secret, path, amzDate, expires)],
  ];
  // encodeURIComponent, not URLSearchParams: the vendor's links encode spaces as %20.
  const search = query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `${p.origin}${p.basePath}${path}?${search}`;
}

/** Why a download is refused, in S3's vocabulary; undefined when the link is good. */
export interface LinkRefusal {
  httpStatus: number;
  code: string;
  message: string;
}

/**
 * Checks a download request. `path` is relative to the sandbox base path (`/files/...`). The
 * signature is checked before the expiry, so stretching X-Amz-Expires fails as a bad signature.
 */
export function checkDownloadLink(
  secret: string,
  path: string,
  query: URLSearchParams,
  now: number,
): LinkRefusal | undefined {
  const amzDate = query.get('X-Amz-Date');
  const expires = query.get('X-Amz-Expires');
  const signature = query.get('X-Amz-Signature');
  const signedAt = parseAmzDate(amzDate ?? '');
  if (amzDate === null || signedAt === undefined || expires === null || signature === null) {
    return {
      httpStatus: 400,
      code: 'AuthorizationQueryParametersError',
      message:
        'Query-string authentication requires the X-Amz-Date, X-Amz-Expires and X-Amz-Signature parameters',
    };
  }
  if (!constantTimeEqual(signature, linkSignature(secret, path, amzDate, expires))) {
    return {
      httpStatus: 403,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided.',
    };
  }
  // The signature covers X-Amz-Expires, so from here on it is a number we wrote ourselves.
  if (now >= signedAt + Number(expires) * 1000) {
    return { httpStatus: 403, code: 'AccessDenied', message: 'Request has expired' };
  }
  return undefined;
}

/** The task id inside a `/files/<day>/<task id>/<file>` path, else undefined. */
export function taskIdOfDownloadPath(path: string): string | undefined {
  if (!path.startsWith(FILES_PREFIX)) return undefined;
  const parts = path.slice(FILES_PREFIX.length).split('/');
  return parts.length === 3 && parts[1] !== '' ? parts[1] : undefined;
}

function linkSignature(secret: string, path: string, amzDate: string, expires: string): string {
  return hmacSha256Hex(secret, [LINK_PURPOSE, path, amzDate, expires].join('\n'));
}

/** 2018-06-07T02:07:40.123Z -> 20180607T020740Z */
function amzDateOf(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** -> 20180607 */
function dayStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
}

/** -> 20180607020740123, the vendor's file names */
function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:TZ.]/g, '');
}

function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** A refused download answers like the object store would: an XML error document, no envelope. */
export function sendStorageError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headOnly: boolean,
): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`;
  sendBody(res, status, { 'Content-Type': 'application/xml' }, xml, headOnly);
}
