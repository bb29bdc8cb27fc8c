export {
  createDlcClient,
  DEFAULT_COS_URL_TTL_MS,
  DLC_API_VERSION,
  DLC_OPERATIONS,
  DLC_SERVICE,
  type DlcClient,
  type DlcClientOptions,
  type MintedUrl,
  type ResultDownloadState,
} from './client.js';
export * from './cos-presign.js';
export { mapDlcError, mapDlcHttpStatus } from './error-codes.js';
export {
  createQueryResultDownloadOperation,
  mapResultDownloadState,
  RESULT_DOWNLOAD_FAILED,
  RESULT_DOWNLOAD_FORMATS,
  type StartQueryResultDownloadInput,
  validateQueryResultDownloadInput,
} from './query-result.js';
export {
  parseTc3Authorization,
  signTc3,
  TC3_ALGORITHM,
  type Tc3Authorization,
  type Tc3Request,
  type Tc3Signed,
  tc3CanonicalHeaders,
  tc3CanonicalRequest,
  tc3CredentialScope,
  tc3Date,
  tc3Signature,
  tc3SigningKey,
  tc3StringToSign,
} from './signer.js';
