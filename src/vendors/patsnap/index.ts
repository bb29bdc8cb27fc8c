export {
  createPatSnapClient,
  PATSNAP_OPERATIONS,
  type PatSnapCallOptions,
  type PatSnapClient,
  type PatSnapClientOptions,
} from './client.js';
export { mapPatSnapError, PATSNAP_ERRORS, type PatSnapErrorSpec } from './error-codes.js';
export {
  createPatentExportOperation,
  mapExportStatus,
  PATENT_EXPORT_FAILED,
  PATENT_EXPORT_LINK_TTL_MS,
  PATENT_EXPORT_TASK_TTL_MS,
  presignedUrlExpiry,
} from './export.js';
export {
  PATENT_EXPORT_LIMITS,
  PATENT_EXPORT_TYPES,
  type StartPatentExportInput,
  validatePatentExportInput,
} from './export-input.js';
export type { PatentExportRequest, PatentExportTaskState } from './types.js';
