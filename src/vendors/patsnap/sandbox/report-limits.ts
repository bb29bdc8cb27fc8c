/**
 * What an R001 enterprise-report create request may hold (../README.md 1.6). Like search-limits.ts it
 * imports nothing, so the gateway's validation and the sandbox can share it.
 */

/** [V] "Only word/pdf" (lower case in every vendor example). */
export const REPORT_TYPES = ['word', 'pdf'] as const;
/** [I] at least one of these must be given: a report needs a company to be about. */
export const REPORT_IDENTIFIER_FIELDS = ['company_name', 'credit_code', 'org_number'] as const;
/** [I] generous bound on one enterprise's registered name. */
export const MAX_COMPANY_NAME_CHARS = 200;
/** [I] China's unified social credit code: 18 digits or capital letters (e.g. 91110108551385082Q). */
export const CREDIT_CODE_PATTERN = /^[0-9A-Z]{18}$/;
/** [I] organisation code, with or without its hyphen (the vendor's example is `5513850T82`). */
export const ORG_NUMBER_PATTERN = /^[0-9A-Z-]{8,12}$/;
