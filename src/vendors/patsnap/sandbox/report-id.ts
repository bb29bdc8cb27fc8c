/**
 * R001 job ids. The vendor's ids (1579434053399035904) look like Snowflake ids, an int64 beyond
 * JavaScript's 2^53, so ours are too, and they carry the whole job: the sandbox stores nothing.
 *
 * Layout of the 63 value bits, most significant first:
 *   41 bits  creation time, ms since the Snowflake epoch 2010-11-04T01:42:54.657Z
 *    1 bit   report type: 1 word, 0 pdf
 *    1 bit   fails (the company name held SANDBOX_FAIL)
 *    1 bit   no logo (created through /task/create-no-logo)
 *    4 bits  sequence (per process, or per cluster with a shared state), so jobs created in the same
 *            millisecond get distinct ids
 *   15 bits  HMAC of the 48 bits above (keyed by the sandbox secret)
 * The 15-bit check rejects all but 1 in 32,768 made-up ids, enough to answer 68300013 for an
 * unknown id without a job table. Any time after 2010-11-29 yields an id above 2^53; 2025 gives
 * about 1.88e18, the magnitude of the vendor's example. The company name does not fit, so report
 * files name the company generically.
 */
import { hmacSha256 } from '../../shared/sandbox/signing.js';
import type { REPORT_TYPES } from './report-limits.js';

export type ReportType = (typeof REPORT_TYPES)[number];

export interface ReportJob {
  createdAt: number;
  reportType: ReportType;
  fails: boolean;
  noLogo: boolean;
}

const SNOWFLAKE_EPOCH_MS = 1_288_834_974_657;
const TIME_BITS = 41n;
const SEQUENCE_BITS = 4n;
const CHECK_BITS = 15n;
const FLAG_BITS = 3n;
const INT64_MAX = (1n << 63n) - 1n;
const PURPOSE = 'patsnap.report-job.v1';

export function encodeJobId(secret: string, job: ReportJob, sequence: number): bigint {
  const time = BigInt(Math.max(0, Math.floor(job.createdAt - SNOWFLAKE_EPOCH_MS))) & ((1n << TIME_BITS) - 1n);
  const flags = (job.reportType === 'word' ? 4n : 0n) | (job.fails ? 2n : 0n) | (job.noLogo ? 1n : 0n);
  const body =
    (((time << FLAG_BITS) | flags) << SEQUENCE_BITS) | (BigInt(sequence) & ((1n << SEQUENCE_BITS) - 1n));
  return (body << CHECK_BITS) | checkOf(secret, body);
}

/** The job behind a job_id text; undefined when it is not an int64 this secret issued. */
export function decodeJobId(secret: string, text: string): ReportJob | undefined {
  if (!/^[1-9]\d{0,18}$/.test(text)) return undefined;
  const id = BigInt(text);
  if (id > INT64_MAX) return undefined;
  const body = id >> CHECK_BITS;
  if ((id & ((1n << CHECK_BITS) - 1n)) !== checkOf(secret, body)) return undefined;
  const flags = (body >> SEQUENCE_BITS) & ((1n << FLAG_BITS) - 1n);
  return {
    createdAt: Number(body >> (SEQUENCE_BITS + FLAG_BITS)) + SNOWFLAKE_EPOCH_MS,
    reportType: (flags & 4n) !== 0n ? 'word' : 'pdf',
    fails: (flags & 2n) !== 0n,
    noLogo: (flags & 1n) !== 0n,
  };
}

function checkOf(secret: string, body: bigint): bigint {
  return BigInt(hmacSha256(secret, `${PURPOSE}\n${body}`).readUInt16BE(0)) & ((1n << CHECK_BITS) - 1n);
}
