/**
 * The documents a query matches, with a value for any field code a search may facet, range or
 * aggregate on. Facets are counted over these documents rather than drawn at random, so every
 * result is consistent by construction: a child's buckets partition its parent bucket's documents,
 * a query facet on `APD_YEAR:[2010 TO 2012]` equals the sum of those range buckets, and P002 lists
 * the very patents the facets count.
 */
import { createHash } from 'node:crypto';
import { queryHits } from './hits.js';
import { fakePatents, type PatentRecord } from './patents.js';

export interface SearchDoc {
  /** Position in relevance (SCORE) order, as in the export. */
  row: number;
  /** Seed plus row: identifies the document across facets for per-document draws. */
  key: string;
  record: PatentRecord;
  /** Values already worked out, by view and field: a request asks for each many times. */
  memo: Map<string, string | number | boolean | undefined>;
}

const RECORD_FIELDS = [
  'PATENT_ID',
  'PN',
  'APNO',
  'TITLE',
  'AUTHORITY',
  'APD',
  'PBD',
  'AN',
  'IN',
  'IPC',
  'CPC',
];

/** Every document of the query, in relevance order. */
export function searchDocuments(queryText: string): SearchDoc[] {
  const { matches, seed } = queryHits(queryText);
  return fakePatents(seed, 0, matches, RECORD_FIELDS).map((patent, row) => ({
    row,
    key: `${seed}:${row}`,
    record: patent.fields,
    memo: new Map(),
  }));
}

/** Fields whose values are names, not numbers: range facets and avg/min/max/sum refuse them. */
const TEXT_FIELDS: Record<string, (doc: SearchDoc) => string | undefined> = {
  AUTHORITY: (d) => d.record.AUTHORITY,
  PATENT_TYPE: (d) => kindOf(d)?.charAt(0),
  AN: (d) => d.record.AN,
  ANS: (d) => d.record.AN,
  ANC: currentAssignee,
  ANCS: currentAssignee,
  IN: (d) => d.record.IN?.split('; ')[0],
  IPC: (d) => d.record.IPC,
  CPC: (d) => d.record.CPC,
  LEGAL_STATUS: (d) => LEGAL_STATUSES[draw(d, 'LEGAL_STATUS').readUInt8(0) % LEGAL_STATUSES.length],
};

const NUMBER_FIELDS: Record<string, (doc: SearchDoc) => number | undefined> = {
  APD_YEAR: (d) => numberOf(d.record.APD?.slice(0, 4)),
  PBD_YEAR: (d) => numberOf(d.record.PBD?.slice(0, 4)),
  APD: (d) => numberOf(d.record.APD),
  APDT: (d) => numberOf(d.record.APD),
  APD_YEARMONTHDAY: (d) => numberOf(d.record.APD),
  PBD: (d) => numberOf(d.record.PBD),
  PBDT: (d) => numberOf(d.record.PBD),
  PBDT_YEARMONTHDAY: (d) => numberOf(d.record.PBD),
  // Only granted patents have an issue date.
  ISD: (d) => (kindOf(d)?.startsWith('B') ? numberOf(d.record.PBD) : undefined),
  // Patent value in USD, log-spread over 100..1,000,000 as real valuations are.
  PV: (d) => Math.floor(10 ** (2 + 4 * unit(draw(d, 'PV')))),
};

const LEGAL_STATUSES = ['ACTIVE', 'PENDING', 'INACTIVE'];
/** Some patents change hands, so current and original assignee facets differ a little. */
const ACQUIRERS = ['Hooli Technologies Inc.', 'Soylent Holdings PLC'];

export function isNumericField(field: string): boolean {
  return !(field in TEXT_FIELDS);
}

/** `compute(doc)`, worked out once per document and key. */
export function memoized<T extends string | number | boolean | undefined>(
  doc: SearchDoc,
  key: string,
  compute: (doc: SearchDoc) => T,
): T {
  if (doc.memo.has(key)) return doc.memo.get(key) as T;
  const value = compute(doc);
  doc.memo.set(key, value);
  return value;
}

/** The value a field facet buckets on; undefined when the document has none. */
export function textValue(doc: SearchDoc, field: string): string | undefined {
  return memoized(doc, `text:${field}`, (d) => computeTextValue(d, field));
}

/** The value range facets and aggregates use; undefined for text fields and missing values. */
export function numericValue(doc: SearchDoc, field: string): number | undefined {
  return memoized(doc, `number:${field}`, (d) => computeNumericValue(d, field));
}

function computeTextValue(doc: SearchDoc, field: string): string | undefined {
  const text = TEXT_FIELDS[field];
  if (text !== undefined) return text(doc);
  const number = NUMBER_FIELDS[field];
  if (number !== undefined) {
    const value = number(doc);
    return value === undefined ? undefined : String(value);
  }
  const index = unknownFieldIndex(doc, field);
  return index === undefined ? undefined : vocabularyName(field, index);
}

function computeNumericValue(doc: SearchDoc, field: string): number | undefined {
  if (field in TEXT_FIELDS) return undefined;
  const number = NUMBER_FIELDS[field];
  return number === undefined ? unknownFieldIndex(doc, field) : number(doc);
}

/**
 * A field we know nothing about (e.g. PUM_PROP_ID_CN) holds one of a few dozen values per field,
 * skewed so the top buckets stand out, and is missing on about a tenth of the documents.
 */
function unknownFieldIndex(doc: SearchDoc, field: string): number | undefined {
  const bytes = draw(doc, field);
  if ((bytes[0] ?? 0) < 26) return undefined;
  const size = 20 + (createHash('sha256').update(field).digest().readUInt16BE(0) % 180);
  return Math.floor(size * unit(bytes) ** 2);
}

/** UUID-shaped names, like the vendor's PUM_PROP_ID_CN example buckets. */
function vocabularyName(field: string, index: number): string {
  const hex = createHash('sha256').update(`${field}#${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function currentAssignee(doc: SearchDoc): string | undefined {
  const b = draw(doc, 'ANCS').readUInt8(0);
  return b % 6 === 0 ? ACQUIRERS[b % ACQUIRERS.length] : doc.record.AN;
}

/** Kind code of the publication number: 'A', 'B2', 'A1'. */
function kindOf(doc: SearchDoc): string | undefined {
  return /[A-Z]\d?$/.exec(doc.record.PN ?? '')?.[0];
}

function numberOf(digits: string | undefined): number | undefined {
  return digits === undefined || digits === '' ? undefined : Number(digits);
}

/** Per-document, per-purpose deterministic bytes. */
export function draw(doc: SearchDoc, purpose: string): Buffer {
  return createHash('sha256').update(`${doc.key}:${purpose}`).digest();
}

/** A number in [0, 1) from the bytes 4..9. */
export function unit(bytes: Buffer): number {
  return bytes.readUIntBE(4, 6) / 2 ** 48;
}
