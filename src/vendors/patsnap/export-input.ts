import { z } from 'zod';
import { BadInputError } from '../../errors.js';
import {
  PATSNAP_COLLAPSE_BY,
  PATSNAP_COLLAPSE_ORDERS,
  PATSNAP_COLLAPSE_TYPES,
  type PatentExportRequest,
  type PatSnapCollapseBy,
  type PatSnapCollapseOrder,
  type PatSnapCollapseType,
  type PatSnapExportType,
} from './types.js';

/**
 * P055 export input: the GraphQL shape (camelCase) and its validation against the documented
 * vendor limits (README.md §1.5). Everything here runs before any vendor call. Pure.
 */

export const PATENT_EXPORT_TYPES = ['JSON', 'CSV', 'XLS', 'PDF', 'FULL_TEXT', 'XML'] as const;
export type PatentExportType = (typeof PATENT_EXPORT_TYPES)[number];

export const PATENT_EXPORT_LANGS = ['cn', 'en', 'jp', 'de', 'fr', 'kr'] as const;
export const PATENT_EXPORT_TRANS_LANGS = ['cn', 'en', 'jp'] as const;

export interface StartPatentExportInput {
  queryText: string;
  fields: string[];
  exportType: PatentExportType;
  rows: number;
  offset?: number | null;
  /** `yyyyMMdd` or `*`. */
  applicationDateFrom?: string | null;
  applicationDateTo?: string | null;
  publicationDateFrom?: string | null;
  publicationDateTo?: string | null;
  collapseType?: PatSnapCollapseType | null;
  collapseBy?: PatSnapCollapseBy | null;
  collapseOrder?: PatSnapCollapseOrder | null;
  lang?: string | null;
  transLang?: string | null;
  stemming?: boolean | null;
}

/** Documented limits of P055. */
export const PATENT_EXPORT_LIMITS = {
  queryTextMaxLength: 2000,
  /** Single export, csv/xls/json/xml; also the cap on rows + offset. */
  maxRows: 100_000,
  /** Single export, pdf/full_text. */
  maxRowsPdfFullText: 1000,
  fullTextFields: ['PN', 'ABST', 'CLMS', 'DESC'] as readonly string[],
} as const;

const FIELD_CODE = /^[A-Z0-9_]+$/;
const DATE = /^(\d{4})(\d{2})(\d{2})$/;

const oneOf = (name: string, values: readonly string[]) => `${name} must be one of ${values.join(', ')}`;

const optionalDate = (name: string) =>
  z.string({ error: `${name} must be a string (yyyyMMdd or *)` }).nullish();

const inputShape = z.object({
  queryText: z.string({ error: 'queryText must be a string' }),
  fields: z.array(z.string({ error: 'fields must be strings' }), {
    error: 'fields must be a list of strings',
  }),
  exportType: z.enum(PATENT_EXPORT_TYPES, { error: oneOf('exportType', PATENT_EXPORT_TYPES) }),
  rows: z.number({ error: 'rows must be a number' }).int({ error: 'rows must be a whole number' }),
  offset: z
    .number({ error: 'offset must be a number' })
    .int({ error: 'offset must be a whole number' })
    .nullish(),
  applicationDateFrom: optionalDate('applicationDateFrom'),
  applicationDateTo: optionalDate('applicationDateTo'),
  publicationDateFrom: optionalDate('publicationDateFrom'),
  publicationDateTo: optionalDate('publicationDateTo'),
  collapseType: z
    .enum(PATSNAP_COLLAPSE_TYPES, { error: oneOf('collapseType', PATSNAP_COLLAPSE_TYPES) })
    .nullish(),
  collapseBy: z.enum(PATSNAP_COLLAPSE_BY, { error: oneOf('collapseBy', PATSNAP_COLLAPSE_BY) }).nullish(),
  collapseOrder: z
    .enum(PATSNAP_COLLAPSE_ORDERS, { error: oneOf('collapseOrder', PATSNAP_COLLAPSE_ORDERS) })
    .nullish(),
  lang: z.string({ error: 'lang must be a string' }).nullish(),
  transLang: z.string({ error: 'transLang must be a string' }).nullish(),
  stemming: z.boolean({ error: 'stemming must be a boolean' }).nullish(),
});

const ENUM_LIMITS: Record<string, readonly string[]> = {
  exportType: PATENT_EXPORT_TYPES,
  collapseType: PATSNAP_COLLAPSE_TYPES,
  collapseBy: PATSNAP_COLLAPSE_BY,
  collapseOrder: PATSNAP_COLLAPSE_ORDERS,
};

function bad(field: string, message: string, limit: string | number | null = null): never {
  throw new BadInputError(`input.${field}`, message, limit);
}

function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

function checkDateRange(
  fromName: string,
  toName: string,
  from: string | null | undefined,
  to: string | null | undefined,
): void {
  for (const [name, value] of [
    [fromName, from],
    [toName, to],
  ] as const) {
    if (value != null && value !== '*' && !isCalendarDate(value)) {
      bad(
        name,
        `${name} must be a calendar date as yyyyMMdd (e.g. 20240131) or * (vendor format)`,
        'yyyyMMdd',
      );
    }
  }
  // yyyyMMdd strings compare like the dates they denote.
  if (from != null && to != null && from !== '*' && to !== '*' && from > to) {
    bad(fromName, `${fromName} must not be after ${toName} (${to})`, to);
  }
}

function checkLang(
  name: string,
  value: string | null | undefined,
  allowed: readonly string[],
): string | null {
  if (value == null) return null;
  const lang = value.trim().toLowerCase();
  if (!allowed.includes(lang)) bad(name, `${oneOf(name, allowed)} (vendor limit)`, allowed.join(','));
  return lang;
}

/**
 * Validates a `startPatentExport` input against the documented P055 limits and returns the vendor
 * request body. Throws BadInputError (`field` = `input.<name>`, `limit` = the broken limit).
 */
export function validatePatentExportInput(input: StartPatentExportInput): PatentExportRequest {
  const parsed = inputShape.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    const allowed = ENUM_LIMITS[key];
    bad(key, issue?.message ?? 'invalid input', allowed ? allowed.join(',') : null);
  }
  const v = parsed.data;
  const limits = PATENT_EXPORT_LIMITS;

  if (v.queryText.trim() === '') bad('queryText', 'queryText must not be empty (at least 1 character)', 1);
  if (v.queryText.length > limits.queryTextMaxLength) {
    bad(
      'queryText',
      `queryText must be at most ${limits.queryTextMaxLength} characters (vendor limit)`,
      limits.queryTextMaxLength,
    );
  }

  if (v.fields.length === 0) bad('fields', 'fields must list at least 1 export field code, e.g. PN', 1);
  const seen = new Set<string>();
  for (const field of v.fields) {
    if (!FIELD_CODE.test(field)) {
      bad(
        'fields',
        `fields must be PatSnap field codes matching ${FIELD_CODE.source} (upper-case letters, digits, _): "${field.slice(0, 50)}" is not`,
        FIELD_CODE.source,
      );
    }
    if (seen.has(field))
      bad('fields', `fields must not repeat a field code: ${field} appears more than once`, 1);
    seen.add(field);
  }
  const type = v.exportType;
  if (type === 'FULL_TEXT') {
    const other = v.fields.find((f) => !limits.fullTextFields.includes(f));
    if (other !== undefined) {
      bad(
        'fields',
        `fields of a FULL_TEXT export must be among ${limits.fullTextFields.join(', ')} (vendor limit): ${other} is not`,
        limits.fullTextFields.join(','),
      );
    }
  }
  if (seen.has('DESC') && type !== 'FULL_TEXT') {
    bad(
      'fields',
      `the field DESC is only available in FULL_TEXT exports (vendor limit), not ${type}`,
      'FULL_TEXT',
    );
  }
  if (seen.has('CLMS') && type !== 'FULL_TEXT' && type !== 'PDF') {
    bad(
      'fields',
      `the field CLMS is only available in FULL_TEXT or PDF exports (vendor limit), not ${type}`,
      'FULL_TEXT,PDF',
    );
  }

  const maxRows = type === 'PDF' || type === 'FULL_TEXT' ? limits.maxRowsPdfFullText : limits.maxRows;
  if (v.rows < 1) bad('rows', 'rows must be at least 1', 1);
  if (v.rows > maxRows)
    bad('rows', `rows must be at most ${maxRows} for ${type} exports (vendor limit)`, maxRows);
  const offset = v.offset ?? null;
  if (offset !== null) {
    if (offset < 0) bad('offset', 'offset must be at least 0', 0);
    if (v.rows + offset > limits.maxRows) {
      bad(
        'offset',
        `rows + offset must be at most ${limits.maxRows} (vendor limit: only the top ${limits.maxRows} patents can be exported)`,
        limits.maxRows,
      );
    }
  }

  checkDateRange('applicationDateFrom', 'applicationDateTo', v.applicationDateFrom, v.applicationDateTo);
  checkDateRange('publicationDateFrom', 'publicationDateTo', v.publicationDateFrom, v.publicationDateTo);
  const lang = checkLang('lang', v.lang, PATENT_EXPORT_LANGS);
  const transLang = checkLang('transLang', v.transLang, PATENT_EXPORT_TRANS_LANGS);

  const body: PatentExportRequest = {
    query_text: v.queryText,
    fields: v.fields.join(','),
    export_type: type.toLowerCase() as PatSnapExportType,
    rows: v.rows,
  };
  if (offset !== null) body.offset = offset;
  if (v.applicationDateFrom != null) body.apdt_from = v.applicationDateFrom;
  if (v.applicationDateTo != null) body.apdt_to = v.applicationDateTo;
  if (v.publicationDateFrom != null) body.pbdt_from = v.publicationDateFrom;
  if (v.publicationDateTo != null) body.pbdt_to = v.publicationDateTo;
  if (v.collapseType != null) body.collapse_type = v.collapseType;
  if (v.collapseBy != null) body.collapse_by = v.collapseBy;
  if (v.collapseOrder != null) body.collapse_order = v.collapseOrder;
  if (lang !== null) body.lang = lang;
  if (transLang !== null) body.trans_lang = transLang;
  if (v.stemming != null) body.stemming = v.stemming ? 1 : 0;
  return body;
}
