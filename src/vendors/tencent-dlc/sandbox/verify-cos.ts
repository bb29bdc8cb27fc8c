/**
 * COS request-signature verification of a presigned URL (`q-sign-algorithm=sha1`; Tencent doc
 * "Request Signature", https://www.tencentcloud.com/document/product/436/7778), as the sandbox's COS
 * endpoint checks the URLs the gateway mints. Written from the vendor's documentation, apart from
 * the adapter's presigner (src/vendors/tencent-dlc/cos-presign.ts), so that a mistake in one is
 * caught by the other; test/sandbox/tencent-dlc-verify-cos.test.ts holds it to the official SDK's
 * `getAuthorization` and the doc's worked example.
 *
 *   SignKey        = hex(HMAC-SHA1(SecretKey, q-key-time))
 *   HttpParameters = `k=v&…` over the params named in q-url-param-list; HttpHeaders the same over q-header-list
 *                    (keys lowercased, keys and values UrlEncoded, sorted by key)
 *   HttpString     = method \n path \n HttpParameters \n HttpHeaders \n     (method lowercased, path decoded)
 *   StringToSign   = "sha1" \n q-sign-time \n hex(SHA1(HttpString)) \n
 *   q-signature    = hex(HMAC-SHA1(SignKey, StringToSign))
 */
import type { IncomingHttpHeaders } from 'node:http';
import { headerValue } from '../../shared/sandbox/http.js';
import { digestHex, hmacHex, rfc3986Encode } from '../../shared/sandbox/signature-verification.js';
import { constantTimeEqual } from '../../shared/sandbox/signing.js';

/** The `q-*` parameters of a presigned URL. */
export interface CosQueryAuthorization {
  /** The SecretId that signed. */
  ak: string;
  /** `start;end` in Unix seconds. */
  signTime: string;
  keyTime: string;
  /** Lowercased, encoded names joined with `;`. */
  headerList: string;
  urlParamList: string;
  signature: string;
}

/** A request to the COS endpoint as received. */
export interface ReceivedCosRequest {
  method: string;
  /** The object path, decoded, starting with `/`. */
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

/** The authorization a presigned query carries; undefined when a part is missing or it is not `sha1`. */
export function readCosAuthorization(query: URLSearchParams): CosQueryAuthorization | undefined {
  const ak = query.get('q-ak');
  const signTime = query.get('q-sign-time');
  const keyTime = query.get('q-key-time');
  const signature = query.get('q-signature');
  const headerList = query.get('q-header-list');
  const urlParamList = query.get('q-url-param-list');
  if (query.get('q-sign-algorithm') !== 'sha1' || !ak || !signTime || !keyTime || !signature)
    return undefined;
  if (headerList === null || urlParamList === null) return undefined;
  return { ak, signTime, keyTime, headerList, urlParamList, signature };
}

/** True when `auth.signature` is the one `secretKey` makes for this request, as received. */
export function cosSignatureMatches(
  request: ReceivedCosRequest,
  auth: CosQueryAuthorization,
  secretKey: string,
): boolean {
  const headers = Object.keys(request.headers).map((name): [string, string] => [
    name,
    headerValue(request.headers, name) ?? '',
  ]);
  const httpString = [
    request.method.toLowerCase(),
    request.pathname,
    signedPairs(auth.urlParamList, request.query),
    signedPairs(auth.headerList, headers),
    '',
  ].join('\n');
  const stringToSign = `sha1\n${auth.signTime}\n${digestHex('sha1', httpString)}\n`;
  const signKey = hmacHex('sha1', secretKey, auth.keyTime);
  return constantTimeEqual(auth.signature, hmacHex('sha1', signKey, stringToSign));
}

/** `k=v&…` of the received entries that `list` names (a name missing from the request signs as `k=`). */
function signedPairs(list: string, received: Iterable<[string, string]>): string {
  const byName = new Map<string, string>();
  for (const [name, value] of received) {
    const key = rfc3986Encode(name.toLowerCase());
    if (!byName.has(key)) byName.set(key, value);
  }
  return list
    .split(';')
    .filter((name) => name !== '')
    .sort()
    .map((name) => `${name}=${rfc3986Encode(byName.get(name) ?? '')}`)
    .join('&');
}
