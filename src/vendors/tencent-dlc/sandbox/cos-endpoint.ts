/**
 * The DLC sandbox's COS bucket: the temporary credentials DescribeResultDownload hands out (each
 * scoped to one result object) and the COS XML GetObject that serves that object to a presigned URL
 * made with them. The temporary SecretId is a signed, self-describing string and the SecretKey and
 * token derive from it, so nothing is stored and a restarted sandbox with the same secret honours
 * every credential it handed out.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { DownloadCall } from '../../shared/sandbox/cloud-api.js';
import { headerValue, sendBody } from '../../shared/sandbox/http.js';
import { constantTimeEqual, signJson, verifySignedJson } from '../../shared/sandbox/signing.js';
import { cosSignatureMatches, readCosAuthorization } from './verify-cos.js';

export const RESULT_BUCKET = 'dlc-result-1250000000';
const AK_PURPOSE = 'tencent-dlc.cos-temp-key.v1';
const TOKEN_PURPOSE = 'tencent-dlc.cos-token.v1';

/** What the bucket needs of its sandbox. */
export interface CosBucket {
  /** Signs the temporary credentials (SANDBOX_SECRET). */
  secret: string;
  now: () => number;
}

export interface TemporaryCredentials {
  SecretId: string;
  SecretKey: string;
  Token: string;
}

/** Credentials for `key` in the result bucket until `expires` (Unix seconds), minted as STS would. */
export function mintCredentials(bucket: CosBucket, key: string, expires: number): TemporaryCredentials {
  const secretId = `AKID${signJson(bucket.secret, AK_PURPOSE, { b: RESULT_BUCKET, k: key, e: expires })}`;
  return {
    SecretId: secretId,
    SecretKey: tempSecretKey(bucket, secretId),
    Token: tempToken(bucket, secretId, expires),
  };
}

interface TempKey {
  bucket: string;
  key: string;
  /** Unix seconds. */
  expires: number;
}

const tempKeySchema = z.object({ b: z.string(), k: z.string(), e: z.number() });

function decodeTempKey(bucket: CosBucket, tmpSecretId: string): TempKey | undefined {
  if (!tmpSecretId.startsWith('AKID')) return undefined;
  const parsed = tempKeySchema.safeParse(verifySignedJson(bucket.secret, AK_PURPOSE, tmpSecretId.slice(4)));
  return parsed.success ? { bucket: parsed.data.b, key: parsed.data.k, expires: parsed.data.e } : undefined;
}

function tempSecretKey(bucket: CosBucket, tmpSecretId: string): string {
  return createHmac('sha256', bucket.secret)
    .update(`tencent-dlc.cos-secret.v1\n${tmpSecretId}`)
    .digest('base64url')
    .slice(0, 32);
}

function tempToken(bucket: CosBucket, tmpSecretId: string, expires: number): string {
  const ak = createHash('sha256').update(tmpSecretId).digest('hex').slice(0, 16);
  return signJson(bucket.secret, TOKEN_PURPOSE, { a: ak, e: expires });
}

function sendCosError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  resource: string,
  headOnly: boolean,
): void {
  const requestId = Buffer.from(randomUUID()).toString('base64url').slice(0, 32);
  const xml = `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n\t<Code>${code}</Code>\n\t<Message>${message}</Message>\n\t<Resource>${resource}</Resource>\n\t<RequestId>${requestId}</RequestId>\n\t<TraceId>${requestId}</TraceId>\n</Error>\n`;
  sendBody(res, status, { 'Content-Type': 'application/xml', 'x-cos-request-id': requestId }, xml, headOnly);
}

const SIGN_TIME = /^(\d{1,12});(\d{1,12})$/;

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * COS GetObject with a presigned query at `path` (`/cos/<bucket>/<key>` below basePath). Checks, in
 * order: signature parameters, the temporary SecretId, the signature itself (so stretching
 * q-sign-time fails as a bad signature), the time window, the security token, then the credential's
 * scope.
 */
export async function serveCos(
  bucket: CosBucket,
  { req, res, path, url, headOnly }: DownloadCall,
): Promise<void> {
  const segments = path.slice('/cos/'.length).split('/').map(safeDecode);
  const [bucketName, ...keyParts] = segments;
  const resource = `${req.headers.host ?? ''}${url.pathname}`;
  const deny = (status: number, code: string, message: string) =>
    sendCosError(res, status, code, message, resource, headOnly);
  if (bucketName === undefined || keyParts.length === 0 || segments.some((s) => s === undefined)) {
    return deny(404, 'NoSuchKey', 'The specified key does not exist.');
  }
  const key = keyParts.join('/');
  const q = url.searchParams;
  const auth = readCosAuthorization(q);
  if (auth === undefined) return deny(403, 'AccessDenied', 'Access Denied.');
  const temp = decodeTempKey(bucket, auth.ak);
  if (temp === undefined)
    return deny(403, 'InvalidAccessKeyId', 'The access key Id format you provided is invalid.');
  const received = { method: req.method ?? 'GET', pathname: `/${key}`, query: q, headers: req.headers };
  if (!cosSignatureMatches(received, auth, tempSecretKey(bucket, auth.ak))) {
    return deny(
      403,
      'SignatureDoesNotMatch',
      'The calculated signature does not match the actual signature. Please check whether the signature is correct.',
    );
  }
  const window = SIGN_TIME.exec(auth.signTime);
  const nowSeconds = bucket.now() / 1000;
  if (window === null || SIGN_TIME.exec(auth.keyTime) === null)
    return deny(403, 'AccessDenied', 'Invalid q-sign-time.');
  if (nowSeconds > Number(window[2]) || nowSeconds > Number(auth.keyTime.split(';')[1])) {
    return deny(403, 'AccessDenied', 'Request has expired');
  }
  if (nowSeconds < Number(window[1]) - 60) return deny(403, 'AccessDenied', 'Request has not started yet');
  const token = q.get('x-cos-security-token') ?? headerValue(req.headers, 'x-cos-security-token');
  if (token === undefined || !constantTimeEqual(token, tempToken(bucket, auth.ak, temp.expires))) {
    return deny(
      403,
      'InvalidAccessKeyId',
      'The security token is missing or does not belong to this access key.',
    );
  }
  if (nowSeconds > temp.expires) return deny(400, 'ExpiredToken', 'The provided token has expired.');
  if (temp.bucket !== bucketName || temp.key !== key) return deny(403, 'AccessDenied', 'Access Denied.');
  const csv = resultCsv(key);
  if (csv === undefined) return deny(404, 'NoSuchKey', 'The specified key does not exist.');
  sendBody(
    res,
    200,
    {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${key.slice(key.lastIndexOf('/') + 1)}"`,
      ETag: `"${createHash('md5').update(csv).digest('hex')}"`,
    },
    csv,
    headOnly,
  );
}

/** The CSV behind a result key: rows derive from the query task id in the key. */
function resultCsv(key: string): string | undefined {
  const m = /^dlc\/DLCQueryResults\/\d{4}\/\d{2}\/\d{2}\/(.+)\/download\/download-[0-9a-f]{5}\.csv$/.exec(
    key,
  );
  if (m === null) return undefined;
  const taskId = m[1] as string;
  const rows = 3 + (createHash('sha256').update(taskId).digest().readUInt16BE(0) % 50);
  const lines = ['id,region,amount'];
  for (let i = 1; i <= rows; i += 1)
    lines.push(`${i},ap-guangzhou,${(i * 37) % 1000}.${String(i % 100).padStart(2, '0')}`);
  return `${lines.join('\n')}\n`;
}
