/**
 * A minimal ZIP writer (deflate, no ZIP64) for sandbox downloads. No zip library is installed and
 * node:zlib already has deflate and crc32, so the container format is the only part written here.
 * Limits: fewer than 65,536 entries and under 4 GiB in total, far beyond what a sandbox serves.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer | string;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION_20 = 20;
/** "Made by Unix" lets extractors apply the permission bits below instead of FAT defaults. */
const MADE_BY_UNIX = (3 << 8) | VERSION_20;
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;
const FLAG_UTF8_NAMES = 0x0800;
const METHOD_DEFLATE = 8;

export function createZip(entries: readonly ZipEntry[], modified: Date): Buffer {
  const { time, date } = dosDateTime(modified);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    const packed = deflateRawSync(raw);
    const fields = { time, date, crc: crc32(raw), packedSize: packed.length, rawSize: raw.length, name };
    const local = Buffer.concat([localHeader(fields), name, packed]);
    centrals.push(Buffer.concat([centralHeader(fields, offset), name]));
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  return Buffer.concat([...locals, directory, endOfDirectory(entries.length, directory.length, offset)]);
}

interface EntryFields {
  time: number;
  date: number;
  crc: number;
  packedSize: number;
  rawSize: number;
  name: Buffer;
}

function localHeader(f: EntryFields): Buffer {
  const b = Buffer.alloc(30);
  b.writeUInt32LE(LOCAL_HEADER, 0);
  b.writeUInt16LE(VERSION_20, 4);
  b.writeUInt16LE(FLAG_UTF8_NAMES, 6);
  b.writeUInt16LE(METHOD_DEFLATE, 8);
  b.writeUInt16LE(f.time, 10);
  b.writeUInt16LE(f.date, 12);
  b.writeUInt32LE(f.crc, 14);
  b.writeUInt32LE(f.packedSize, 18);
  b.writeUInt32LE(f.rawSize, 22);
  b.writeUInt16LE(f.name.length, 26);
  b.writeUInt16LE(0, 28);
  return b;
}

function centralHeader(f: EntryFields, localOffset: number): Buffer {
  const b = Buffer.alloc(46);
  b.writeUInt32LE(CENTRAL_HEADER, 0);
  b.writeUInt16LE(MADE_BY_UNIX, 4);
  b.writeUInt16LE(VERSION_20, 6);
  b.writeUInt16LE(FLAG_UTF8_NAMES, 8);
  b.writeUInt16LE(METHOD_DEFLATE, 10);
  b.writeUInt16LE(f.time, 12);
  b.writeUInt16LE(f.date, 14);
  b.writeUInt32LE(f.crc, 16);
  b.writeUInt32LE(f.packedSize, 20);
  b.writeUInt32LE(f.rawSize, 24);
  b.writeUInt16LE(f.name.length, 28);
  // extra length, comment length, disk number and internal attributes stay 0
  b.writeUInt32LE(REGULAR_FILE_0644, 38);
  b.writeUInt32LE(localOffset, 42);
  return b;
}

function endOfDirectory(count: number, directorySize: number, directoryOffset: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  b.writeUInt16LE(count, 8);
  b.writeUInt16LE(count, 10);
  b.writeUInt32LE(directorySize, 12);
  b.writeUInt32LE(directoryOffset, 16);
  return b;
}

/** ZIP stores MS-DOS local time with 2-second resolution; we use UTC so output is machine-independent. */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(d.getUTCFullYear(), 1980);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}
