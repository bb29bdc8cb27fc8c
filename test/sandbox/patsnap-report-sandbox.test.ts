import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  type ApiCall,
  api,
  BASE_PATH,
  CLIENT_ID,
  dataOf,
  expectEnvelopeError,
  patsnapSandboxes,
  START,
  TASK_MS,
} from '../support/patsnap-api.js';

const API_KEY = `sk-${'b'.repeat(48)}`;
const { startSandbox } = patsnapSandboxes(API_KEY);

const keyAuth = { bearer: API_KEY };

const CREATE = '/innovation/company-report/task/create';
const CREATE_NO_LOGO = '/innovation/company-report/task/create-no-logo';
const STATUS = '/innovation/company-report/job_id/status';
/** The vendor's own example id: never one this sandbox issued. */
const VENDOR_EXAMPLE_ID = '1579434053399035904';

interface StatusData {
  job_id: number;
  queue_num: number;
  job_status: number;
  download_url?: string;
  abnormal_cause?: string;
}

/** The job_id digits exactly as written in the response text (JSON.parse would round them). */
function rawJobId(text: string): string {
  const digits = /"job_id":(\d+)[,}]/.exec(text)?.[1];
  expect(digits).toBeDefined();
  return digits as string;
}

async function createReport(
  base: string,
  body: Record<string, unknown> = { company_name: '小米科技有限责任公司', report_type: 'pdf' },
  path = CREATE,
  auth: ApiCall = keyAuth,
) {
  return api(base, path, { method: 'POST', ...auth, json: body });
}

async function newJobId(base: string, body?: Record<string, unknown>, path?: string): Promise<string> {
  const res = await createReport(base, body, path);
  expect(res.json).toMatchObject({ status: true, error_code: 0 });
  return rawJobId(res.text);
}

async function reportStatus(base: string, jobId: string, auth: ApiCall = keyAuth) {
  return api(base, STATUS, { ...auth, query: { job_id: jobId } });
}

async function statusOf(base: string, jobId: string): Promise<StatusData> {
  const res = await reportStatus(base, jobId);
  expect(rawJobId(res.text)).toBe(jobId);
  return dataOf<StatusData>(res);
}

/** Reads a ZIP through its central directory and inflates every entry. */
function unzip(buf: Buffer): Map<string, string> {
  const eocd = buf.length - 22;
  expect(buf.readUInt32LE(eocd)).toBe(0x06054b50);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const packedSize = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    files.set(name, inflateRawSync(buf.subarray(dataAt, dataAt + packedSize)).toString('utf8'));
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return files;
}

describe('POST /innovation/company-report/task/create (R001)', () => {
  it('answers a job_id above 2^53 as an exact integer literal', async () => {
    const h = await startSandbox();
    const res = await createReport(h.base);
    expect(res.text).toMatch(/^\{"data":\{"job_id":\d{19}\},"status":true,"error_code":0\}$/);
    const jobId = rawJobId(res.text);
    expect(BigInt(jobId)).toBeGreaterThan(2n ** 53n);
    expect(BigInt(jobId)).toBeLessThan(2n ** 63n);
    // Exactly what JSON.parse would have lost.
    expect(String(BigInt(Number(jobId)))).not.toBe(jobId);
    // Same magnitude as the vendor's example ids, and the status call echoes the same digits.
    expect(jobId.length).toBe(VENDOR_EXAMPLE_ID.length);
    const status = await reportStatus(h.base, jobId);
    expect(rawJobId(status.text)).toBe(jobId);
  });

  it('gives distinct ids to jobs created in the same millisecond', async () => {
    const h = await startSandbox();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add(await newJobId(h.base));
    expect(ids.size).toBe(5);
  });

  it.each([
    ['only a company name', { company_name: 'Acme', report_type: 'word' }],
    ['only a credit code', { credit_code: '91110108551385082Q', report_type: 'pdf' }],
    ['only an org number', { org_number: '5513850T82', report_type: 'pdf' }],
    [
      'all three',
      {
        company_name: 'Acme',
        credit_code: '91110108551385082Q',
        org_number: '55138508-2',
        report_type: 'pdf',
      },
    ],
    [
      'blanks beside one identifier',
      { company_name: 'Acme', credit_code: '', org_number: null, report_type: 'pdf' },
    ],
  ])('accepts %s', async (_, body) => {
    const h = await startSandbox();
    await newJobId(h.base, body);
  });

  it.each([
    ['no identifier', { report_type: 'pdf' }],
    ['only blank identifiers', { company_name: '  ', credit_code: '', report_type: 'pdf' }],
    ['no report_type', { company_name: 'Acme' }],
    ['report_type docx', { company_name: 'Acme', report_type: 'docx' }],
    ['report_type in upper case', { company_name: 'Acme', report_type: 'PDF' }],
    ['a malformed credit code', { credit_code: '9111010855138508', report_type: 'pdf' }],
    ['a malformed org number', { org_number: '12', report_type: 'pdf' }],
    ['a company name over 200 chars', { company_name: 'a'.repeat(201), report_type: 'pdf' }],
    ['a numeric company name', { company_name: 42, report_type: 'pdf' }],
  ])('answers 68300004 for %s', async (_, body) => {
    const h = await startSandbox();
    const res = await createReport(h.base, body);
    expectEnvelopeError(res, 68300004, 200);
    expect(res.json?.error_msg).toBe('Invalid parameter!');
  });

  it('answers 68300007 for a body that is not a JSON object', async () => {
    const h = await startSandbox();
    expectEnvelopeError(
      await api(h.base, CREATE, { method: 'POST', ...keyAuth, rawBody: '{' }),
      68300007,
      200,
    );
  });
});

describe('GET /innovation/company-report/job_id/status (R001)', () => {
  it('counts the queue down to 0, then runs, then offers a PDF download', async () => {
    const h = await startSandbox();
    const jobId = await newJobId(h.base);
    const seen: [number, number][] = [];
    for (let t = 0; t < TASK_MS; t += 250) {
      h.clock.now = START + t;
      const { job_status, queue_num, download_url } = await statusOf(h.base, jobId);
      expect(download_url).toBeUndefined();
      seen.push([job_status, queue_num]);
    }
    const distinct = seen.filter(([s, q], i) => i === 0 || s !== seen[i - 1]?.[0] || q !== seen[i - 1]?.[1]);
    expect(distinct).toEqual([
      [0, 3],
      [0, 2],
      [0, 1],
      [0, 0],
      [1, 0],
    ]);

    h.clock.now = START + TASK_MS;
    const done = await statusOf(h.base, jobId);
    expect(Object.keys(done)).toEqual(['job_id', 'queue_num', 'job_status', 'download_url']);
    expect(done).toMatchObject({ queue_num: 0, job_status: 2 });
    const url = new URL(done.download_url as string);
    expect(url.origin).toBe(h.origin);
    expect(url.pathname).toBe(
      `${BASE_PATH}/tffi-export/20250115100006/${jobId}/enterprise_report_2025_01_15.pdf`,
    );
    const sign = new URLSearchParams(url.searchParams.get('sign') ?? '');
    expect(sign.get('q-sign-algorithm')).toBe('sha1');
    expect(sign.get('q-sign-time')).toBe('1736935206;1737540006');
    expect(sign.get('q-signature')).toMatch(/^[0-9a-f]{40}$/);
    expect(done.download_url).toContain('response-content-disposition=attachment%3Bfilename*%3DUTF-8');

    const file = await fetch(url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await file.arrayBuffer()).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    expect(pdf).toContain(`(Job id: ${jobId}) Tj`);
    expect(pdf).toContain('(PatSnap) Tj');

    h.clock.now += 60_000;
    expect((await statusOf(h.base, jobId)).download_url).toBe(done.download_url);
  });

  it('serves a Word report as a .docx without the logo line from create-no-logo', async () => {
    const h = await startSandbox();
    const jobId = await newJobId(
      h.base,
      { credit_code: '91110108551385082Q', report_type: 'word' },
      CREATE_NO_LOGO,
    );
    h.clock.now += TASK_MS;
    const { download_url } = await statusOf(h.base, jobId);
    expect(new URL(download_url as string).pathname).toMatch(/\/enterprise_report_2025_01_15\.docx$/);
    const file = await fetch(download_url as string);
    expect(file.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const docx = Buffer.from(await file.arrayBuffer());
    expect(docx.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    const parts = unzip(docx);
    expect([...parts.keys()].sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    expect(parts.get('[Content_Types].xml')).toContain('PartName="/word/document.xml"');
    expect(parts.get('_rels/.rels')).toContain('Target="word/document.xml"');
    const document = parts.get('word/document.xml') ?? '';
    expect(document).toContain(`<w:t xml:space="preserve">Job id: ${jobId}</w:t>`);
    expect(document).not.toContain('>PatSnap<');
  });

  it('ends in job_status 3 with an abnormal_cause for a SANDBOX_FAIL company', async () => {
    const h = await startSandbox();
    const jobId = await newJobId(h.base, { company_name: 'Acme SANDBOX_FAIL Ltd', report_type: 'pdf' });
    expect(await statusOf(h.base, jobId)).toMatchObject({ job_status: 0, queue_num: 3 });
    h.clock.now += TASK_MS;
    const failed = await statusOf(h.base, jobId);
    expect(failed).toEqual({
      job_id: expect.any(Number),
      queue_num: 0,
      job_status: 3,
      abnormal_cause: '由于服务器异常,正在修复中',
    });
  });

  it('answers 68300013 for an unknown or malformed job id, 68300004 without one', async () => {
    const h = await startSandbox();
    const jobId = await newJobId(h.base);
    const notExist = async (id: string) => {
      const res = await reportStatus(h.base, id);
      expectEnvelopeError(res, 68300013, 200);
      expect(res.json?.error_msg).toBe('Report does not exist');
    };
    await notExist(VENDOR_EXAMPLE_ID);
    await notExist(`${jobId.slice(0, -1)}${(Number(jobId.slice(-1)) + 1) % 10}`);
    await notExist('abc');
    await notExist('-1');
    await notExist('0');
    await notExist('99999999999999999999');
    await notExist(`${jobId}.0`);
    const other = await startSandbox({ secret: 'another-secret' });
    await notExist(await newJobId(other.base));
    expectEnvelopeError(await api(h.base, STATUS, keyAuth), 68300004, 200);
    expectEnvelopeError(await reportStatus(h.base, ''), 68300004, 200);
  });

  it('survives a restart: same status and link, served by the new process', async () => {
    const h = await startSandbox();
    const jobId = await newJobId(h.base);
    h.clock.now += TASK_MS;
    const { download_url } = await statusOf(h.base, jobId);
    const restarted = await startSandbox({}, h.clock);
    const again = await statusOf(restarted.base, jobId);
    expect(again.download_url).toBe((download_url as string).replace(h.origin, restarted.origin));
    expect((await fetch(again.download_url as string)).status).toBe(200);
  });

  it('refuses an expired or tampered link', async () => {
    const h = await startSandbox();
    const jobId = await newJobId(h.base);
    h.clock.now += TASK_MS;
    const url = (await statusOf(h.base, jobId)).download_url as string;
    const refused = async (href: string, status: number, code: string) => {
      const res = await fetch(href);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/xml');
      expect(await res.text()).toContain(`<Code>${code}</Code>`);
    };
    const withSign = (edit: (sign: URLSearchParams) => void) => {
      const u = new URL(url);
      const sign = new URLSearchParams(u.searchParams.get('sign') ?? '');
      edit(sign);
      u.searchParams.set('sign', sign.toString());
      return u.href;
    };
    await refused(
      withSign((s) => s.set('q-sign-time', '1736935206;1999999999')),
      403,
      'SignatureDoesNotMatch',
    );
    await refused(
      withSign((s) => s.set('q-signature', '0'.repeat(40))),
      403,
      'SignatureDoesNotMatch',
    );
    await refused(url.replace('.pdf?', '.docx?'), 403, 'SignatureDoesNotMatch');
    await refused(url.split('?')[0] as string, 403, 'AccessDenied');

    const signedAt = Date.UTC(2025, 0, 15, 10, 0, 6);
    h.clock.now = signedAt + 604_800_000 - 1;
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
    h.clock.now = signedAt + 604_800_000;
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
  });
});

describe('the front door for reports', () => {
  it('wants credentials like every API call', async () => {
    const h = await startSandbox();
    expectEnvelopeError(await createReport(h.base, undefined, CREATE, {}), 67200008, 401);
    const jobId = await newJobId(h.base);
    expectEnvelopeError(await reportStatus(h.base, jobId, { bearer: 'sk-unknown' }), 67200008, 401);
    expectEnvelopeError(
      await reportStatus(h.base, jobId, { bearer: 'token', apikey: CLIENT_ID }),
      67200009,
      401,
    );
  });

  it('shares the QPS budget and does not count downloads', async () => {
    const h = await startSandbox({ qps: 2 });
    h.clock.now = Date.UTC(2025, 0, 15, 10, 0, 1);
    const jobId = await newJobId(h.base);
    expect((await reportStatus(h.base, jobId)).json?.status).toBe(true);
    expectEnvelopeError(await reportStatus(h.base, jobId), 67200002, 200);
    expectEnvelopeError(await createReport(h.base), 67200002, 200);
    h.clock.now += TASK_MS;
    const { download_url } = await statusOf(h.base, jobId);
    for (let i = 0; i < 3; i++) expect((await fetch(download_url as string)).status).toBe(200);
    expect(h.sandbox.stats.rejectedForRate).toBe(2);
  });

  it('plays scripted faults for the report operations', async () => {
    const h = await startSandbox();
    h.sandbox.faults.inject({ operation: 'report.create', kind: '67200100', times: 1 });
    expectEnvelopeError(await createReport(h.base), 67200100, 200);
    const jobId = await newJobId(h.base);
    const post = await fetch(`${h.base}/_faults`, {
      method: 'POST',
      body: JSON.stringify({ operation: 'report.status', kind: 'http503', times: 2 }),
    });
    expect(post.status).toBe(200);
    expect((await reportStatus(h.base, jobId)).status).toBe(503);
    expect((await reportStatus(h.base, jobId)).status).toBe(503);
    h.sandbox.faults.inject({ operation: 'report.status', kind: 'timeout', times: 1, delayMs: 100 });
    const started = performance.now();
    expect((await statusOf(h.base, jobId)).job_status).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('counts report calls per operation and status polls per job id', async () => {
    const h = await startSandbox();
    const a = await newJobId(h.base);
    const b = await newJobId(h.base, { company_name: 'Other', report_type: 'word' }, CREATE_NO_LOGO);
    await createReport(h.base, { report_type: 'pdf' });
    h.sandbox.faults.inject({ operation: 'report.status', kind: 'timeout', times: 2, delayMs: 150 });
    await Promise.all([reportStatus(h.base, a), reportStatus(h.base, a)]);
    h.clock.now += TASK_MS;
    const { download_url } = await statusOf(h.base, b);
    await fetch(download_url as string);

    const stats = h.sandbox.stats;
    expect(stats.calls).toEqual({
      'oauth.token': 0,
      'export.create': 0,
      'export.status': 0,
      'search.nested': 0,
      'search.query': 0,
      'files.download': 1,
      'report.create': 3,
      'report.status': 3,
    });
    expect(stats.statusCallsByTask).toEqual({ [a]: 2, [b]: 1 });
    expect(stats.maxInFlightStatusByTask).toEqual({ [a]: 2, [b]: 1 });
    const overHttp = (await (await fetch(`${h.base}/_stats`)).json()) as { calls: Record<string, number> };
    expect(overHttp.calls).toEqual(stats.calls);
  });
});
