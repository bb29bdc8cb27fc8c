import { crc32, inflateRawSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { createPatSnapSandbox } from '../../src/vendors/patsnap/sandbox/index.js';
import {
  type ApiCall,
  api,
  BASE_PATH,
  basic,
  CLIENT_ID,
  CLIENT_SECRET,
  dataOf,
  expectEnvelopeError,
  type Harness,
  patsnapSandboxes,
  requestToken,
  START,
  TASK_MS,
  tokenOf,
} from '../support/patsnap-api.js';

const API_KEY = `sk-${'a'.repeat(48)}`;
const { startSandbox } = patsnapSandboxes(API_KEY);

/** API-key mode keeps most tests free of the token dance. */
const keyAuth = { bearer: API_KEY };

const exportBody = (overrides: Record<string, unknown> = {}) => ({
  query_text: 'TACD: (lithium battery) AND APD:[20200101 TO 20231231]',
  fields: 'PN,TITLE,APNO',
  export_type: 'json',
  rows: 50,
  ...overrides,
});

async function createExport(base: string, overrides: Record<string, unknown> = {}) {
  const res = await api(base, '/patent-search/export', {
    method: 'POST',
    ...keyAuth,
    json: exportBody(overrides),
  });
  return dataOf<{ task_id: string; count: number }>(res);
}

async function exportStatus(base: string, taskId: string, auth: ApiCall = keyAuth) {
  return api(base, '/patent-search/task', { ...auth, query: { task_id: taskId } });
}

async function finishedUrl(h: Harness, overrides: Record<string, unknown> = {}) {
  const task = await createExport(h.base, overrides);
  h.clock.now += TASK_MS;
  const data = dataOf<{ url: string; count: number; export_status: string }>(
    await exportStatus(h.base, task.task_id),
  );
  expect(data.export_status).toBe('SUCCESS');
  return { ...task, url: data.url };
}

/** Reads a ZIP through its central directory and inflates every entry, checking CRCs. */
function unzip(buf: Buffer): Map<string, string> {
  const eocd = buf.length - 22;
  expect(buf.readUInt32LE(eocd)).toBe(0x06054b50);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(at)).toBe(0x02014b50);
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const packedSize = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const skip = nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    expect(buf.readUInt32LE(local)).toBe(0x04034b50);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const packed = buf.subarray(dataAt, dataAt + packedSize);
    const raw = method === 8 ? inflateRawSync(packed) : packed;
    expect(crc32(raw)).toBe(crc);
    files.set(name, raw.toString('utf8'));
    at += 46 + skip;
  }
  return files;
}

describe('POST /oauth/token', () => {
  it('issues a token with exactly the documented fields', async () => {
    const h = await startSandbox();
    const { status, body } = await requestToken(h.base);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['expires_in', 'issued_at', 'status', 'token', 'token_type']);
    expect(body).toMatchObject({
      token_type: 'BearerToken',
      expires_in: 1799,
      status: 'approved',
      issued_at: String(START),
    });
    expect(body.token).toEqual(expect.any(String));
  });

  it('refuses bad credentials with 67200003 (HTTP 401)', async () => {
    const h = await startSandbox();
    const wrong = await requestToken(h.base, basic(CLIENT_ID, 'wrong'));
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      status: false,
      error_code: 67200003,
      error_msg: expect.stringContaining('key'),
    });
    expect((await requestToken(h.base, basic('someone', CLIENT_SECRET))).body.error_code).toBe(67200003);
    expect((await requestToken(h.base, '')).body.error_code).toBe(67200003);
  });

  it('wants the client_credentials grant', async () => {
    const h = await startSandbox();
    const res = await fetch(`${h.base}/oauth/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: basic(CLIENT_ID, CLIENT_SECRET),
      },
      body: 'grant_type=password',
    });
    expect(await res.json()).toMatchObject({ status: false, error_code: 68300004 });
  });
});

describe('authentication of API calls', () => {
  it('needs ?apikey= in token mode (67200008)', async () => {
    const h = await startSandbox();
    const token = await tokenOf(h.base);
    expectEnvelopeError(await exportStatus(h.base, 'x', { bearer: token }), 67200008, 401);
  });

  it('needs an Authorization header (67200008)', async () => {
    const h = await startSandbox();
    expectEnvelopeError(await exportStatus(h.base, 'x', { apikey: CLIENT_ID }), 67200008, 401);
    expectEnvelopeError(await exportStatus(h.base, 'x', {}), 67200008, 401);
  });

  it('accepts a fresh token with the matching apikey', async () => {
    const h = await startSandbox();
    const token = await tokenOf(h.base);
    const res = await api(h.base, '/patent-search/export', {
      method: 'POST',
      apikey: CLIENT_ID,
      bearer: token,
      json: exportBody(),
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: true, error_code: 0 });
  });

  it('refuses a wrong token, a mismatched apikey and an expired token (67200009)', async () => {
    const h = await startSandbox();
    const token = await tokenOf(h.base);
    const { task_id } = await createExport(h.base);
    const auth = { apikey: CLIENT_ID, bearer: token };
    expect((await exportStatus(h.base, task_id, auth)).json?.status).toBe(true);

    expectEnvelopeError(await exportStatus(h.base, task_id, { ...auth, bearer: 'garbage' }), 67200009, 401);
    expectEnvelopeError(await exportStatus(h.base, task_id, { ...auth, bearer: `${token}x` }), 67200009, 401);
    expectEnvelopeError(
      await exportStatus(h.base, task_id, { ...auth, apikey: 'other-client' }),
      67200009,
      401,
    );
    // A token signed with another secret is as good as garbage.
    const other = await startSandbox({ secret: 'another-secret' });
    expectEnvelopeError(
      await exportStatus(h.base, task_id, { ...auth, bearer: await tokenOf(other.base) }),
      67200009,
      401,
    );

    h.clock.now = START + 1799 * 1000 - 1;
    expect((await exportStatus(h.base, task_id, auth)).json?.status).toBe(true);
    h.clock.now = START + 1799 * 1000;
    expectEnvelopeError(await exportStatus(h.base, task_id, auth), 67200009, 401);
  });

  it('refuses tokens issued before a revocation, in-process and over HTTP', async () => {
    const h = await startSandbox();
    const { task_id } = await createExport(h.base);
    const before = await tokenOf(h.base);
    h.clock.now += 1;
    h.sandbox.faults.revokeTokens();
    expectEnvelopeError(
      await exportStatus(h.base, task_id, { apikey: CLIENT_ID, bearer: before }),
      67200009,
      401,
    );
    const after = await tokenOf(h.base);
    expect((await exportStatus(h.base, task_id, { apikey: CLIENT_ID, bearer: after })).json?.status).toBe(
      true,
    );

    h.clock.now += 1;
    const revoke = await fetch(`${h.base}/_faults/revoke-tokens`, { method: 'POST' });
    expect(revoke.status).toBe(200);
    expectEnvelopeError(
      await exportStatus(h.base, task_id, { apikey: CLIENT_ID, bearer: after }),
      67200009,
      401,
    );
  });

  it('accepts a static API key as Bearer (apikey optional) or as ?apikey=', async () => {
    const h = await startSandbox();
    const { task_id } = await createExport(h.base);
    expect((await exportStatus(h.base, task_id, { bearer: API_KEY })).json?.status).toBe(true);
    expect((await exportStatus(h.base, task_id, { bearer: API_KEY, apikey: API_KEY })).json?.status).toBe(
      true,
    );
    expect((await exportStatus(h.base, task_id, { apikey: API_KEY })).json?.status).toBe(true);
    expectEnvelopeError(await exportStatus(h.base, task_id, { bearer: 'sk-unknown' }), 67200008, 401);
  });
});

describe('POST /patent-search/export', () => {
  it('creates a task whose count is min(rows, matches) and deterministic', async () => {
    const h = await startSandbox();
    const big = await createExport(h.base, { rows: 100_000 });
    expect(big.count).toBeGreaterThanOrEqual(24);
    expect(big.count).toBeLessThan(524);
    expect((await createExport(h.base, { rows: 100_000 })).count).toBe(big.count);
    expect((await createExport(h.base, { rows: 3 })).count).toBe(3);
    expect((await createExport(h.base, { rows: 100, offset: big.count - 2 })).count).toBe(2);
  });

  it.each([
    ['no query_text', { query_text: undefined }],
    ['empty query_text', { query_text: '   ' }],
    ['query_text over 2000 chars', { query_text: 'a'.repeat(2001) }],
    ['no fields', { fields: undefined }],
    ['empty fields', { fields: '' }],
    ['a bad field code', { fields: 'PN,,TITLE' }],
    ['an unknown export_type', { export_type: 'docx' }],
    ['an upper-case export_type', { export_type: 'JSON' }],
    ['rows 0', { rows: 0 }],
    ['rows as a string', { rows: '10' }],
    ['rows not an integer', { rows: 1.5 }],
    ['rows over 100k for json', { rows: 100_001 }],
    ['rows over 1k for pdf', { export_type: 'pdf', rows: 1001 }],
    ['rows over 1k for full_text', { export_type: 'full_text', fields: 'PN', rows: 1001 }],
    ['rows + offset over 100k', { rows: 50_000, offset: 50_001 }],
    ['a negative offset', { offset: -1 }],
    ['a malformed date', { apdt_from: '2020-01-01' }],
    ['an impossible date', { pbdt_to: '20230230' }],
    ['an unknown collapse_type', { collapse_type: 'FAMILY' }],
    ['an unknown lang', { lang: 'xx' }],
    ['stemming 2', { stemming: 2 }],
    ['full_text with TITLE', { export_type: 'full_text', fields: 'PN,TITLE' }],
    ['DESC outside full_text', { export_type: 'pdf', fields: 'PN,DESC' }],
    ['CLMS with csv', { export_type: 'csv', fields: 'PN,CLMS' }],
    ['CLMS with xml', { export_type: 'xml', fields: 'CLMS' }],
  ])('answers 68300004 for %s', async (_, overrides) => {
    const h = await startSandbox();
    const res = await api(h.base, '/patent-search/export', {
      method: 'POST',
      ...keyAuth,
      json: exportBody(overrides),
    });
    expectEnvelopeError(res, 68300004, 200);
    expect(res.json?.error_msg).toBe('Invalid parameter!');
  });

  it.each([
    [
      'full_text with PN, ABST, CLMS, DESC',
      { export_type: 'full_text', fields: 'PN,ABST,CLMS,DESC', rows: 1000 },
    ],
    ['CLMS with pdf', { export_type: 'pdf', fields: 'PN,CLMS' }],
    [
      'all optional fields',
      {
        offset: 10,
        apdt_from: '20200101',
        apdt_to: '*',
        pbdt_from: '*',
        pbdt_to: '20241231',
        collapse_type: 'DOCDB',
        collapse_by: 'PBD',
        collapse_order: 'LATEST',
        lang: 'cn',
        trans_lang: 'jp',
        stemming: 1,
      },
    ],
    ['null optional fields', { offset: null, lang: null }],
  ])('accepts %s', async (_, overrides) => {
    const h = await startSandbox();
    await createExport(h.base, overrides);
  });

  it('answers 68300007 for malformed JSON', async () => {
    const h = await startSandbox();
    for (const rawBody of ['{"query_text": ', '[1,2]', 'null']) {
      const res = await api(h.base, '/patent-search/export', { method: 'POST', ...keyAuth, rawBody });
      expectEnvelopeError(res, 68300007, 200);
    }
  });
});

describe('GET /patent-search/task', () => {
  it('is PENDING until taskMs has passed, then SUCCESS with a stable presigned URL', async () => {
    const h = await startSandbox();
    const { task_id, count } = await createExport(h.base);

    const pending = await exportStatus(h.base, task_id);
    expect(pending.json).toEqual({ data: { count, export_status: 'PENDING' }, status: true, error_code: 0 });
    h.clock.now = START + TASK_MS - 1;
    expect((await exportStatus(h.base, task_id)).json?.data).toMatchObject({ export_status: 'PENDING' });

    h.clock.now = START + TASK_MS;
    const data = dataOf<{ url: string; count: number; export_status: string }>(
      await exportStatus(h.base, task_id),
    );
    expect(data).toEqual({ url: expect.any(String), count, export_status: 'SUCCESS' });
    const url = new URL(data.url);
    expect(url.origin).toBe(h.origin);
    expect(url.pathname).toMatch(
      new RegExp(`^${BASE_PATH}/files/20250115/${task_id.replace('.', '\\.')}/20250115100006250\\.JSON$`),
    );
    expect(url.searchParams.get('response-content-disposition')).toBe(
      'attachment; filename="20250115100006250.JSON";',
    );
    expect(data.url).toContain(
      'response-content-disposition=attachment%3B%20filename%3D%2220250115100006250.JSON%22%3B',
    );
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20250115T100006Z');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('604800');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);

    h.clock.now += 60_000;
    expect((await exportStatus(h.base, task_id)).json?.data).toEqual(data);
  });

  it('ends in FAIL for a SANDBOX_FAIL query', async () => {
    const h = await startSandbox();
    const { task_id, count } = await createExport(h.base, { query_text: 'battery SANDBOX_FAIL' });
    expect((await exportStatus(h.base, task_id)).json?.data).toEqual({ count, export_status: 'PENDING' });
    h.clock.now += TASK_MS;
    expect((await exportStatus(h.base, task_id)).json?.data).toEqual({ count, export_status: 'FAIL' });
  });

  it('answers 68300004 for a missing, forged or day-old task id', async () => {
    const h = await startSandbox();
    const { task_id } = await createExport(h.base);
    expectEnvelopeError(await api(h.base, '/patent-search/task', keyAuth), 68300004, 200);
    expectEnvelopeError(await exportStatus(h.base, 'b4bdae6b4a65432d91f25b5c52bdfd80'), 68300004, 200);
    const [payload, signature] = task_id.split('.') as [string, string];
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString());
    forged.F = 1;
    const forgedId = `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    expectEnvelopeError(await exportStatus(h.base, forgedId), 68300004, 200);

    h.clock.now = START + 24 * 3600 * 1000;
    expect((await exportStatus(h.base, task_id)).json?.status).toBe(true);
    h.clock.now += 1;
    expectEnvelopeError(await exportStatus(h.base, task_id), 68300004, 200);
  });
});

describe('GET /files (presigned download)', () => {
  it('serves JSON records with the requested fields', async () => {
    const h = await startSandbox();
    const { url, count } = await finishedUrl(h, { fields: 'PN,TITLE,APNO,IPC,XYZ' });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="20250115100006250.JSON"');
    const records = (await res.json()) as Record<string, string>[];
    expect(records).toHaveLength(count);
    expect(Object.keys(records[0] ?? {})).toEqual(['PN', 'TITLE', 'APNO', 'IPC', 'XYZ']);
    expect(records[0]?.PN).toMatch(/^(CN|US|EP|JP|WO)\d{8}[AB]\d?$/);
    expect(new Set(records.map((r) => r.PN)).size).toBe(count);
  });

  it('serves the same content again after a restart', async () => {
    const h = await startSandbox();
    const { url, task_id } = await finishedUrl(h);
    const first = await (await fetch(url)).text();
    await h.close();

    const restarted = await startSandbox({}, h.clock);
    const data = dataOf<{ url: string; export_status: string }>(await exportStatus(restarted.base, task_id));
    expect(data.export_status).toBe('SUCCESS');
    expect(data.url).toBe(url.replace(h.origin, restarted.origin));
    const again = await fetch(data.url);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(first);
  });

  it('serves CSV with a header line and one line per patent', async () => {
    const h = await startSandbox();
    const { url, count } = await finishedUrl(h, { export_type: 'csv', fields: 'PN,TITLE,AN' });
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).split('\r\n').filter((line) => line !== '');
    expect(lines).toHaveLength(count + 1);
    expect(lines[0]).toBe('PN,TITLE,AN');
    expect(new URL(url).pathname).toMatch(/\.CSV$/);
  });

  it('serves an XML document', async () => {
    const h = await startSandbox();
    const { url, count } = await finishedUrl(h, { export_type: 'xml', fields: 'PN,ABST' });
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await res.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml.match(/<patent>/g)).toHaveLength(count);
    expect(xml.match(/<ABST>[^<]+<\/ABST>/g)).toHaveLength(count);
  });

  it('serves an Excel (SpreadsheetML) table', async () => {
    const h = await startSandbox();
    const { url, count } = await finishedUrl(h, { export_type: 'xls', fields: 'PN,TITLE' });
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toBe('application/vnd.ms-excel');
    const xls = await res.text();
    expect(xls).toContain('<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"');
    expect(xls.match(/<Row>/g)).toHaveLength(count + 1);
  });

  it('serves a PDF listing the publication numbers', async () => {
    const h = await startSandbox();
    const { url, count } = await finishedUrl(h, { export_type: 'pdf', fields: 'PN,TITLE,CLMS', rows: 70 });
    expect(count).toBe(70);
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(text.match(/\/Type \/Page /g)).toHaveLength(2);
    // startxref must point at the xref table for readers to open the file.
    const xrefAt = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    expect(text.slice(xrefAt, xrefAt + 4)).toBe('xref');
    const json = await (
      await fetch((await finishedUrl(h, { export_type: 'json', fields: 'PN', rows: 70 })).url)
    ).json();
    for (const { PN } of json as { PN: string }[]) expect(text).toContain(`. ${PN}`);
  });

  it('serves full_text as a ZIP of one XML file per PN', async () => {
    const h = await startSandbox();
    const { url, count } = await finishedUrl(h, {
      export_type: 'full_text',
      fields: 'PN,ABST,CLMS,DESC',
      rows: 5,
    });
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(new URL(url).pathname).toMatch(/\.ZIP$/);
    const zip = Buffer.from(await res.arrayBuffer());
    expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    const files = unzip(zip);
    expect(files.size).toBe(count);
    for (const [name, xml] of files) {
      const pn = name.replace(/\.xml$/, '');
      expect(name).toMatch(/^[A-Z]{2}\d{8}[AB]\d?\.xml$/);
      expect(xml).toContain(`<PN>${pn}</PN>`);
      expect(xml).toMatch(/<ABST>.+<\/ABST>\n {2}<CLMS>.+<\/CLMS>\n {2}<DESC>.+<\/DESC>/);
    }
  });

  it('answers HEAD with the headers only', async () => {
    const h = await startSandbox();
    const { url } = await finishedUrl(h);
    const res = await fetch(url, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await res.text()).toBe('');
  });

  it('refuses an expired link with 403 AccessDenied', async () => {
    const h = await startSandbox();
    const { url } = await finishedUrl(h);
    const signedAt = Date.UTC(2025, 0, 15, 10, 0, 6);
    h.clock.now = signedAt + 604_800_000 - 1;
    expect((await fetch(url)).status).toBe(200);
    h.clock.now = signedAt + 604_800_000;
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/xml');
    expect(await res.text()).toContain(
      '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
    );
  });

  it('refuses a tampered link with 403 SignatureDoesNotMatch', async () => {
    const h = await startSandbox();
    const { url } = await finishedUrl(h);
    const tamper = async (edit: (u: URL) => void) => {
      const u = new URL(url);
      edit(u);
      const res = await fetch(u);
      return { status: res.status, body: await res.text() };
    };
    const cases = [
      (u: URL) => u.searchParams.set('X-Amz-Signature', `${'0'.repeat(64)}`),
      (u: URL) => u.searchParams.set('X-Amz-Expires', '999999999'),
      (u: URL) => u.searchParams.set('X-Amz-Date', '20250115T100007Z'),
      (u: URL) => {
        u.pathname = u.pathname.replace('.JSON', '.CSV');
      },
    ];
    for (const edit of cases) {
      const res = await tamper(edit);
      expect(res.status).toBe(403);
      expect(res.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    }
    const unsigned = await tamper((u) => u.searchParams.delete('X-Amz-Signature'));
    expect(unsigned.status).toBe(400);
  });
});

describe('QPS budget', () => {
  it('refuses the (qps+1)th call within one calendar second with 67200002', async () => {
    const h = await startSandbox({ qps: 3 });
    h.clock.now = Date.UTC(2025, 0, 15, 10, 0, 1, 0);
    await requestToken(h.base);
    await createExport(h.base);
    h.clock.now += 999;
    const { task_id } = await createExport(h.base);
    const refused = await exportStatus(h.base, task_id);
    expectEnvelopeError(refused, 67200002, 200);
    expect(refused.json?.error_msg).toBe(
      'The current call rate is too fast, exceeding the current configuration limit QPS!',
    );
    expect((await requestToken(h.base)).body.error_code).toBe(67200002);

    h.clock.now += 1;
    expect((await exportStatus(h.base, task_id)).json?.status).toBe(true);
    expect(h.sandbox.stats.rejectedForRate).toBe(2);
    expect(h.sandbox.stats.maxCallsInOneSecond).toBe(5);
    expect(h.sandbox.stats.callsPerSecond).toEqual({
      [Date.UTC(2025, 0, 15, 10, 0, 1) / 1000]: 5,
      [Date.UTC(2025, 0, 15, 10, 0, 2) / 1000]: 1,
    });
  });

  it('does not count downloads or the control endpoints', async () => {
    const h = await startSandbox({ qps: 2 });
    const { url } = await finishedUrl(h);
    for (let i = 0; i < 3; i++) expect((await fetch(url)).status).toBe(200);
    await fetch(`${h.base}/_stats`);
    expect((await exportStatus(h.base, 'x')).json?.error_code).toBe(68300004);
  });
});

describe('faults', () => {
  it('answers HTTP 503 with a non-JSON body', async () => {
    const h = await startSandbox();
    const { task_id } = await createExport(h.base);
    h.sandbox.faults.inject({ operation: 'export.status', kind: 'http503', times: 1 });
    const res = await exportStatus(h.base, task_id);
    expect(res.status).toBe(503);
    expect(res.json).toBeUndefined();
    expect((await exportStatus(h.base, task_id)).status).toBe(200);
  });

  it('answers an envelope error the given number of times, only for the given operation', async () => {
    const h = await startSandbox();
    const { task_id } = await createExport(h.base);
    h.sandbox.faults.inject({ operation: 'export.status', kind: '68300008', times: 2 });
    expect((await createExport(h.base)).task_id).toEqual(expect.any(String));
    expectEnvelopeError(await exportStatus(h.base, task_id), 68300008, 200);
    expectEnvelopeError(await exportStatus(h.base, task_id), 68300008, 200);
    expect((await exportStatus(h.base, task_id)).json?.status).toBe(true);

    h.sandbox.faults.inject({ operation: '*', kind: '67200002', times: 1 });
    expectEnvelopeError(
      await requestToken(h.base).then((r) => ({ status: r.status, json: r.body })),
      67200002,
      200,
    );
    h.sandbox.faults.inject({ operation: 'oauth.token', kind: '67200003', times: 1 });
    expect((await requestToken(h.base)).body.error_code).toBe(67200003);
    expect((await requestToken(h.base)).body.token).toEqual(expect.any(String));
  });

  it('accepts faults over HTTP and rejects malformed ones', async () => {
    const h = await startSandbox();
    const post = (body: unknown) =>
      fetch(`${h.base}/_faults`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.status);
    expect(await post({ operation: 'export.create', kind: '67200100', times: 1 })).toBe(200);
    expect(await post({ operation: 'export.create', kind: 'boom', times: 1 })).toBe(400);
    expect(await post({ operation: 'nope', kind: 'http503' })).toBe(400);
    expect(await post({ operation: 'export.create', kind: 'http503', times: 0 })).toBe(400);
    const res = await api(h.base, '/patent-search/export', {
      method: 'POST',
      ...keyAuth,
      json: exportBody(),
    });
    expectEnvelopeError(res, 67200100, 200);
    expect(() => h.sandbox.faults.inject({ operation: 'export.create', kind: 'timeout', times: -1 })).toThrow(
      TypeError,
    );
    h.sandbox.faults.inject({ operation: 'export.create', kind: 'http503', times: 5 });
    expect((await fetch(`${h.base}/_faults/clear`, { method: 'POST' })).status).toBe(200);
    await createExport(h.base);
  });

  it('stalls for delayMs on a timeout fault, then answers normally', async () => {
    const h = await startSandbox();
    const { task_id } = await createExport(h.base);
    h.sandbox.faults.inject({ operation: 'export.status', kind: 'timeout', times: 1, delayMs: 150 });
    const started = performance.now();
    const res = await exportStatus(h.base, task_id);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.json?.status).toBe(true);
  });

  it('cancels a stalled answer when the client goes away', async () => {
    const h = await startSandbox();
    const { task_id } = await createExport(h.base);
    h.sandbox.faults.inject({ operation: 'export.status', kind: 'timeout', times: 1, delayMs: 60_000 });
    const abort = new AbortController();
    const call = exportStatus(h.base, task_id, { ...keyAuth, signal: abort.signal });
    await vi.waitFor(() => expect(h.pending()).toBe(1));
    abort.abort();
    await expect(call).rejects.toThrow();
    await vi.waitFor(() => expect(h.pending()).toBe(0), { timeout: 2000 });
  });
});

describe('stats', () => {
  it('counts calls per operation and per task, and the most concurrent polls of one task', async () => {
    const h = await startSandbox();
    const token = await tokenOf(h.base);
    const a = await createExport(h.base);
    const b = await createExport(h.base, { query_text: 'another query' });
    h.sandbox.faults.inject({ operation: 'export.status', kind: 'timeout', times: 2, delayMs: 200 });
    await Promise.all([exportStatus(h.base, a.task_id), exportStatus(h.base, a.task_id)]);
    await exportStatus(h.base, b.task_id, { apikey: CLIENT_ID, bearer: token });
    h.clock.now += TASK_MS;
    const { url } = dataOf<{ url: string }>(await exportStatus(h.base, b.task_id));
    await fetch(url);

    const stats = h.sandbox.stats;
    expect(stats.calls).toEqual({
      'oauth.token': 1,
      'export.create': 2,
      'export.status': 4,
      'search.nested': 0,
      'search.query': 0,
      'report.create': 0,
      'report.status': 0,
      'files.download': 1,
    });
    expect(stats.statusCallsByTask).toEqual({ [a.task_id]: 2, [b.task_id]: 2 });
    expect(stats.maxInFlightStatusPerTask).toBe(2);
    expect(stats.maxInFlightStatusByTask).toEqual({ [a.task_id]: 2, [b.task_id]: 1 });
    expect(stats.maxCallsInOneSecond).toBe(6);

    const overHttp = (await (await fetch(`${h.base}/_stats`)).json()) as Record<string, unknown>;
    expect(overHttp).toEqual(JSON.parse(JSON.stringify(stats)));
    expect(overHttp.calls).toEqual(stats.calls);

    stats.reset();
    expect(stats.calls['export.status']).toBe(0);
    expect(stats.statusCallsByTask).toEqual({});
    expect(stats.maxInFlightStatusPerTask).toBe(0);
    expect(stats.callsPerSecond).toEqual({});
  });

  it('keeps the per-second histogram to the last 600 seconds', async () => {
    const h = await startSandbox();
    await exportStatus(h.base, 'x');
    h.clock.now += 599_000;
    await exportStatus(h.base, 'x');
    expect(Object.keys(h.sandbox.stats.callsPerSecond)).toHaveLength(2);
    h.clock.now += 1000;
    await exportStatus(h.base, 'x');
    expect(Object.keys(h.sandbox.stats.callsPerSecond)).toHaveLength(2);
  });
});

describe('routing', () => {
  it('answers 67200101 with HTTP 404 for an unknown path or method', async () => {
    const h = await startSandbox();
    expectEnvelopeError(await api(h.base, '/search/patent/unknown', keyAuth), 67200101, 404);
    expectEnvelopeError(await api(h.base, '/patent-search/export', keyAuth), 67200101, 404);
    expectEnvelopeError(await api(h.origin, '/elsewhere', keyAuth), 67200101, 404);
    expectEnvelopeError(await api(h.origin, `${BASE_PATH}x/oauth/token`, keyAuth), 67200101, 404);
  });

  it('refuses an oversized body without hanging', async () => {
    const h = await startSandbox();
    const res = await api(h.base, '/patent-search/export', {
      method: 'POST',
      ...keyAuth,
      rawBody: JSON.stringify(exportBody({ query_text: 'a'.repeat(2 * 1024 * 1024) })),
    });
    expectEnvelopeError(res, 68300007, 200);
  });

  it('rejects invalid options at creation', () => {
    const base = {
      basePath: BASE_PATH,
      publicOrigin: () => '',
      taskMs: 1,
      qps: 1,
      secret: 's',
      clientId: 'c',
      clientSecret: 'x',
      apiKeys: [],
    };
    expect(() => createPatSnapSandbox({ ...base, secret: '' })).toThrow(/secret/);
    expect(() => createPatSnapSandbox({ ...base, taskMs: Number.NaN })).toThrow(/taskMs/);
    expect(() => createPatSnapSandbox({ ...base, basePath: 'sandbox' })).toThrow(/basePath/);
  });
});
