/**
 * Fake but plausible patent records for export files. Row `r` of a query is always the same patent
 * (derived from the query's seed and the row number), so an export's content is reproducible from
 * its task id alone and publication numbers never repeat within one export.
 */
import { createHash } from 'node:crypto';

/** One exported patent: requested field code -> value, in the requested order. */
export type PatentRecord = Record<string, string>;

const AUTHORITIES = [
  { code: 'CN', kind: 'A' },
  { code: 'US', kind: 'B2' },
  { code: 'EP', kind: 'A1' },
  { code: 'JP', kind: 'A' },
  { code: 'WO', kind: 'A1' },
] as const;
const ADJECTIVES = ['Adaptive', 'Modular', 'Low-power', 'Distributed', 'Wearable', 'Optical', 'Secure'];
const SUBJECTS = ['battery cell', 'sensor array', 'data pipeline', 'gear assembly', 'antenna', 'catalyst'];
const PURPOSES = ['vehicle charging', 'medical imaging', 'edge computing', 'water treatment', 'robotics'];
const ASSIGNEES = ['Acme Innovations Ltd.', 'Globex Corp.', 'Initech GmbH', 'Umbrella Research KK'];
const SURNAMES = ['Zhang', 'Smith', 'Tanaka', 'Muller', 'Garcia', 'Kim', 'Dubois', 'Rossi'];
const IPC_CODES = ['G06F 16/33', 'H01M 10/052', 'A61B 5/00', 'B60L 53/10', 'C02F 1/44', 'H04W 4/80'];

interface Draws {
  row: number;
  bytes: Buffer;
}

/** Deterministic choices for one row: 32 bytes of hash, read as small numbers. */
function drawsFor(seed: string, row: number): Draws {
  return { row, bytes: createHash('sha256').update(`${seed}:${row}`).digest() };
}

function pick<T>(d: Draws, slot: number, from: readonly T[]): T {
  return from[(d.bytes[slot] ?? 0) % from.length] as T;
}

function yyyymmdd(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}

function fullPatent(d: Draws, serialBase: number): Record<string, string> {
  const authority = AUTHORITIES[d.row % AUTHORITIES.length] ?? AUTHORITIES[0];
  // One base per query plus the row number keeps PNs unique within an export (rows <= 100,000).
  const serial = String(10_000_000 + ((serialBase + d.row) % 90_000_000));
  const filed = new Date(Date.UTC(2005, 0, 1) + (d.bytes.readUInt16BE(4) % 6000) * 86_400_000);
  const published = new Date(filed.getTime() + (300 + (d.bytes[6] ?? 0) * 2) * 86_400_000);
  const subject = pick(d, 7, SUBJECTS);
  const title = `${pick(d, 8, ADJECTIVES)} ${subject} for ${pick(d, 9, PURPOSES)}`;
  const inventors = [pick(d, 10, SURNAMES), pick(d, 11, SURNAMES)].map((s, i) => `${s} ${'AB'[i]}.`);
  const ipc = pick(d, 12, IPC_CODES);
  const apd = yyyymmdd(filed);
  return {
    PATENT_ID: d.bytes.subarray(16, 32).toString('hex'),
    PN: `${authority.code}${serial}${authority.kind}`,
    APNO: `${authority.code}${apd.slice(0, 4)}${serial.slice(1)}`,
    TITLE: title,
    ABST: `${title}. The disclosed design reduces cost and improves reliability of the ${subject}.`,
    CLMS: `1. A ${subject} comprising a housing and a controller. 2. The ${subject} of claim 1, wherein the controller is adaptive.`,
    DESC: `TECHNICAL FIELD The invention relates to ${title.toLowerCase()}. BACKGROUND Known solutions are costly. SUMMARY The ${subject} described here solves this.`,
    AUTHORITY: authority.code,
    APD: apd,
    APDT: apd,
    PBD: yyyymmdd(published),
    PBDT: yyyymmdd(published),
    AN: pick(d, 13, ASSIGNEES),
    ANS: pick(d, 13, ASSIGNEES),
    IN: inventors.join('; '),
    IPC: ipc,
    CPC: ipc.replace(' ', ''),
  };
}

/** One exported patent: its publication number (which names it in PDFs and ZIP entries even when PN
 * was not requested) and the requested fields. */
export interface FakePatent {
  pn: string;
  fields: PatentRecord;
}

/**
 * `count` records starting at row `offset`, each with exactly the requested `fields`. Field codes we
 * have no generator for still get a stable placeholder value, so any documented code exports.
 */
export function fakePatents(
  seed: string,
  offset: number,
  count: number,
  fields: readonly string[],
): FakePatent[] {
  const serialBase = createHash('sha256').update(seed).digest().readUInt32BE(0);
  const patents: FakePatent[] = [];
  for (let i = 0; i < count; i++) {
    const row = offset + i;
    const all = fullPatent(drawsFor(seed, row), serialBase);
    const record: PatentRecord = {};
    for (const field of fields) record[field] = all[field] ?? `${field}-${row + 1}`;
    patents.push({ pn: all.PN ?? '', fields: record });
  }
  return patents;
}
