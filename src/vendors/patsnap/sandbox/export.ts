/**
 * P055 patent export (../README.md 1.5): validating a create request, and the export task itself.
 * The task id is the task: a signed, self-describing string holding everything the status call and
 * the file download need, so the sandbox stores nothing and a restart forgets nothing.
 */
import { z } from 'zod';
import { signJson, verifySignedJson } from '../../shared/sandbox/signing.js';
import { queryHits } from './hits.js';

export const EXPORT_TYPES = ['json', 'csv', 'xls', 'pdf', 'full_text', 'xml'] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

/** "Task ID is valid for 24 hours." */
export const TASK_ID_TTL_MS = 24 * 60 * 60 * 1000;

const MAX_RESULT_ROWS = 100_000;
const MAX_ROWS: Record<ExportType, number> = {
  json: MAX_RESULT_ROWS,
  csv: MAX_RESULT_ROWS,
  xls: MAX_RESULT_ROWS,
  xml: MAX_RESULT_ROWS,
  pdf: 1_000,
  full_text: 1_000,
};
const FULL_TEXT_FIELDS: ReadonlySet<string> = new Set(['PN', 'ABST', 'CLMS', 'DESC']);
/** Typing SANDBOX_FAIL into the query makes the export end in FAIL, to exercise failure paths. */
const FAIL_MARKER = 'SANDBOX_FAIL';

export interface ExportRequest {
  queryText: string;
  fields: string[];
  exportType: ExportType;
  rows: number;
  offset: number;
}

export interface ExportTask {
  createdAt: number;
  /** How long the export runs; kept in the id so a restart with another SANDBOX_TASK_MS agrees. */
  durationMs: number;
  exportType: ExportType;
  fields: string[];
  count: number;
  offset: number;
  /** Seeds the fake patents, so the same query always exports the same patents. */
  seed: string;
  fails: boolean;
}

export type ExportStatus = 'PENDING' | 'SUCCESS' | 'FAIL';

const yyyymmddOrStar = z.string().refine((s) => s === '*' || isCalendarDate(s));
const optional = <T extends z.ZodType>(schema: T) => schema.nullish();

/** Unknown keys (e.g. the /V2 endpoint's collapse_order_authority) are accepted and ignored. */
const createRequestSchema = z.object({
  query_text: z.string().refine((s) => s.trim() !== '' && s.length <= 2000),
  fields: z.string(),
  export_type: z.enum(EXPORT_TYPES),
  rows: z.number().int().min(1),
  offset: optional(z.number().int().min(0)),
  apdt_from: optional(yyyymmddOrStar),
  apdt_to: optional(yyyymmddOrStar),
  pbdt_from: optional(yyyymmddOrStar),
  pbdt_to: optional(yyyymmddOrStar),
  collapse_type: optional(z.enum(['ALL', 'APNO', 'DOCDB', 'INPADOC', 'EXTEND'])),
  collapse_by: optional(z.enum(['APD', 'PBD', 'AUTHORITY', 'SCORE'])),
  collapse_order: optional(z.enum(['OLDEST', 'LATEST'])),
  lang: optional(z.enum(['cn', 'en', 'jp', 'de', 'fr', 'kr'])),
  trans_lang: optional(z.enum(['cn', 'en', 'jp'])),
  stemming: optional(z.union([z.literal(0), z.literal(1)])),
});

/**
 * The create body as the vendor would accept it, or undefined for anything the vendor answers with
 * 68300004 "Invalid parameter!" (it gives no detail, so neither do we).
 */
export function parseExportRequest(body: unknown): ExportRequest | undefined {
  const parsed = createRequestSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { query_text, export_type: exportType, rows } = parsed.data;
  const offset = parsed.data.offset ?? 0;
  const fields = parseFieldCodes(parsed.data.fields);
  if (fields === undefined || !fieldsAllowedFor(exportType, fields)) return undefined;
  if (rows > MAX_ROWS[exportType] || rows + offset > MAX_RESULT_ROWS) return undefined;
  return { queryText: query_text, fields, exportType, rows, offset };
}

/** "PN, apno" -> ['PN', 'APNO']; undefined when empty or a code is not a plain identifier. */
function parseFieldCodes(list: string): string[] | undefined {
  const codes = list.split(',').map((code) => code.trim().toUpperCase());
  if (codes.some((code) => !/^[A-Z][A-Z0-9_]*$/.test(code))) return undefined;
  return [...new Set(codes)];
}

/** The documented export_type constraints on fields. */
function fieldsAllowedFor(exportType: ExportType, fields: readonly string[]): boolean {
  if (exportType === 'full_text') return fields.every((f) => FULL_TEXT_FIELDS.has(f));
  if (fields.includes('DESC')) return false;
  return !fields.includes('CLMS') || exportType === 'pdf';
}

function isCalendarDate(s: string): boolean {
  if (!/^\d{8}$/.test(s)) return false;
  const [y, m, d] = [Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8))];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A new export task. How many patents match is a pure function of the query: 24..523. */
export function newExportTask(request: ExportRequest, now: number, durationMs: number): ExportTask {
  const { matches, seed } = queryHits(request.queryText);
  return {
    createdAt: now,
    durationMs,
    exportType: request.exportType,
    fields: request.fields,
    count: Math.min(request.rows, Math.max(0, matches - request.offset)),
    offset: request.offset,
    seed,
    fails: request.queryText.includes(FAIL_MARKER),
  };
}

export function finishedAt(task: ExportTask): number {
  return task.createdAt + task.durationMs;
}

export function statusAt(task: ExportTask, now: number): ExportStatus {
  if (now < finishedAt(task)) return 'PENDING';
  return task.fails ? 'FAIL' : 'SUCCESS';
}

/** Past 24 hours the vendor no longer knows the id. */
export function isTaskIdExpired(task: ExportTask, now: number): boolean {
  return now - task.createdAt > TASK_ID_TTL_MS;
}

const TASK_PURPOSE = 'patsnap.export-task.v1';

export function encodeTaskId(secret: string, task: ExportTask): string {
  return signJson(secret, TASK_PURPOSE, {
    t: task.createdAt,
    d: task.durationMs,
    x: task.exportType,
    f: task.fields.join(','),
    n: task.count,
    o: task.offset,
    s: task.seed,
    ...(task.fails ? { F: 1 } : {}),
  });
}

const taskPayloadSchema = z.object({
  t: z.number(),
  d: z.number(),
  x: z.enum(EXPORT_TYPES),
  f: z.string(),
  n: z.number().int().min(0),
  o: z.number().int().min(0),
  s: z.string(),
  F: z.literal(1).optional(),
});

/** The task behind an id this sandbox (or an earlier process with the same secret) issued. */
export function decodeTaskId(secret: string, taskId: string): ExportTask | undefined {
  const parsed = taskPayloadSchema.safeParse(verifySignedJson(secret, TASK_PURPOSE, taskId));
  if (!parsed.success) return undefined;
  const p = parsed.data;
  return {
    createdAt: p.t,
    durationMs: p.d,
    exportType: p.x,
    fields: p.f.split(','),
    count: p.n,
    offset: p.o,
    seed: p.s,
    fails: p.F === 1,
  };
}
