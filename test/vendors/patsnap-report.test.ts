import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import {
  isJobId,
  mapReportStatus,
  REPORT_LINK_TTL_MS,
  reportUrlExpiry,
  validateEnterpriseReportInput,
} from '../../src/vendors/patsnap/report.js';

const now = Date.parse('2026-11-23T10:00:00Z');

describe('R001 status mapping', () => {
  it('queued with the jobs ahead as queuePosition', () => {
    expect(mapReportStatus({ job_id: '1579434053399035904', job_status: 0, queue_num: 3 }, now)).toEqual({
      status: 'QUEUED',
      vendorStatus: 'TO_BE_EXPORTED',
      queuePosition: 3,
    });
  });

  it('running clears the queue position', () => {
    expect(mapReportStatus({ job_status: 1, queue_num: 0 }, now)).toEqual({
      status: 'RUNNING',
      vendorStatus: 'EXPORTING',
      queuePosition: null,
    });
  });

  it('done: the URL, its expiry from the COS q-key-time in `sign`', () => {
    const end = Math.floor(now / 1000) + 3600;
    const sign = encodeURIComponent(`q-sign-algorithm=sha1&q-key-time=${end - 7200};${end}&q-signature=abc`);
    const url = `https://open.patsnap.com/tffi-export/x/report.docx?sign=${sign}`;
    expect(mapReportStatus({ job_status: 2, download_url: url }, now)).toMatchObject({
      status: 'SUCCEEDED',
      vendorStatus: 'SUCCESS',
      downloadUrl: url,
      downloadExpiresAt: new Date(end * 1000).toISOString(),
      error: null,
    });
  });

  it('done without a recognisable expiry: 7 days', () => {
    const snapshot = mapReportStatus({ job_status: '2', download_url: 'https://x.example/r.pdf' }, now);
    expect(snapshot.downloadExpiresAt).toBe(new Date(now + REPORT_LINK_TTL_MS).toISOString());
  });

  it('done but no URL yet keeps polling', () => {
    expect(mapReportStatus({ job_status: 2 }, now).status).toBe('RUNNING');
  });

  it('failed with the abnormal_cause as the message', () => {
    expect(
      mapReportStatus({ job_status: 3, abnormal_cause: '由于服务器异常，正在修复中' }, now),
    ).toMatchObject({
      status: 'FAILED',
      vendorStatus: 'FAILED',
      error: { code: 'VENDOR_TASK_FAILED', message: '由于服务器异常，正在修复中', retryable: false },
    });
  });

  it('an undocumented status keeps polling', () => {
    expect(mapReportStatus({ job_status: 7 }, now)).toMatchObject({ status: 'RUNNING', vendorStatus: '7' });
    expect(mapReportStatus(null, now)).toMatchObject({ status: 'RUNNING', vendorStatus: 'UNKNOWN' });
  });
});

describe('R001 input', () => {
  it('needs at least one identifier', () => {
    expect(() => validateEnterpriseReportInput({ reportType: 'PDF', companyName: '  ' })).toThrow(
      BadInputError,
    );
  });

  it('maps to the vendor body, normalising codes', () => {
    expect(
      validateEnterpriseReportInput({
        reportType: 'WORD',
        creditCode: '91110108551385082q',
        orgNumber: null,
      }),
    ).toEqual({ credit_code: '91110108551385082Q', report_type: 'word' });
  });

  it.each([
    [{ creditCode: '123' }, 'input.creditCode'],
    [{ orgNumber: 'x' }, 'input.orgNumber'],
    [{ companyName: 'x'.repeat(201) }, 'input.companyName'],
  ])('rejects %o at %s', (input, path) => {
    try {
      validateEnterpriseReportInput({ reportType: 'PDF', ...input });
      expect.unreachable();
    } catch (error) {
      expect((error as BadInputError).field).toBe(path);
    }
  });
});

describe('job ids and link expiry', () => {
  it('accepts int64 ids as strings, beyond 2^53, up to 2^63 - 1', () => {
    expect(isJobId('1579434053399035904')).toBe(true);
    expect(isJobId('9223372036854775807')).toBe(true);
    expect(isJobId('9223372036854775808')).toBe(false);
    expect(isJobId('-1')).toBe(false);
    expect(isJobId('1.5')).toBe(false);
  });

  it('reads q-key-time given as its own parameter, and gives null for a bare URL', () => {
    expect(reportUrlExpiry('https://x/r.pdf?q-key-time=1700000000;1700003600')?.getTime()).toBe(
      1_700_003_600_000,
    );
    expect(reportUrlExpiry('https://x/r.pdf')).toBeNull();
    expect(reportUrlExpiry('not a url')).toBeNull();
  });
});
