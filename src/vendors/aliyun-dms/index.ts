export {
  createDmsClient,
  type DataTrackDownloadStatus,
  DMS_API_VERSION,
  DMS_OPERATIONS,
  type DmsClient,
  type DmsClientOptions,
  type DmsParam,
  type DownloadDataTrackResultRequest,
  encodeDmsParam,
} from './client.js';
export {
  COLUMN_FILTER_OPERATORS,
  createDataTrackDownloadOperation,
  DATA_TRACK_DOWNLOAD_FAILED,
  DATA_TRACK_LIMITS,
  FILTER_TYPES,
  mapDataTrackStatus,
  ossUrlExpiry,
  ROLLBACK_SQL_TYPES,
  type StartDataTrackDownloadInput,
  validateDataTrackDownloadInput,
} from './data-track.js';
export { mapDmsError, mapDmsHttpStatus, parseXmlError } from './error-codes.js';
export * from './signer.js';
