import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import {
  type StartPatentExportInput,
  validatePatentExportInput,
} from '../../src/vendors/patsnap/export-input.js';

const base: StartPatentExportInput = {
  queryText: 'TTL:car',
  fields: ['PN', 'APNO'],
  exportType: 'JSON',
  rows: 10,
};

function rejection(patch: Partial<StartPatentExportInput> | Record<string, unknown>): BadInputError {
  try {
    validatePatentExportInput({ ...base, ...patch } as StartPatentExportInput);
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    return error as BadInputError;
  }
  throw new Error('expected a BadInputError');
}

function expectRejected(
  patch: Partial<StartPatentExportInput> | Record<string, unknown>,
  field: string,
  limitText: string | RegExp,
): BadInputError {
  const error = rejection(patch);
  expect(error.field).toBe(field);
  expect(error.message).toMatch(limitText);
  return error;
}

describe('validatePatentExportInput: vendor body', () => {
  it('maps a minimal input, omitting unset optionals', () => {
    expect(validatePatentExportInput(base)).toEqual({
      query_text: 'TTL:car',
      fields: 'PN,APNO',
      export_type: 'json',
      rows: 10,
    });
  });

  it('maps every optional to its snake_case vendor name', () => {
    expect(
      validatePatentExportInput({
        ...base,
        fields: ['PN', 'CLMS'],
        exportType: 'PDF',
        rows: 1000,
        offset: 0,
        applicationDateFrom: '20200101',
        applicationDateTo: '*',
        publicationDateFrom: '*',
        publicationDateTo: '20240229',
        collapseType: 'DOCDB',
        collapseBy: 'PBD',
        collapseOrder: 'LATEST',
        lang: 'CN',
        transLang: 'en',
        stemming: true,
      }),
    ).toEqual({
      query_text: 'TTL:car',
      fields: 'PN,CLMS',
      export_type: 'pdf',
      rows: 1000,
      offset: 0,
      apdt_from: '20200101',
      apdt_to: '*',
      pbdt_from: '*',
      pbdt_to: '20240229',
      collapse_type: 'DOCDB',
      collapse_by: 'PBD',
      collapse_order: 'LATEST',
      lang: 'cn',
      trans_lang: 'en',
      stemming: 1,
    });
  });

  it('sends stemming false as 0 and drops nulls', () => {
    const body = validatePatentExportInput({
      ...base,
      exportType: 'FULL_TEXT',
      fields: ['PN', 'ABST', 'CLMS', 'DESC'],
      stemming: false,
      offset: null,
      lang: null,
      collapseType: null,
      applicationDateFrom: null,
    });
    expect(body).toEqual({
      query_text: 'TTL:car',
      fields: 'PN,ABST,CLMS,DESC',
      export_type: 'full_text',
      rows: 10,
      stemming: 0,
    });
  });

  it('accepts the documented maxima exactly', () => {
    expect(() => validatePatentExportInput({ ...base, queryText: 'a'.repeat(2000) })).not.toThrow();
    expect(() => validatePatentExportInput({ ...base, rows: 100_000 })).not.toThrow();
    expect(() => validatePatentExportInput({ ...base, rows: 50_000, offset: 50_000 })).not.toThrow();
    expect(() =>
      validatePatentExportInput({ ...base, exportType: 'FULL_TEXT', fields: ['PN'], rows: 1000 }),
    ).not.toThrow();
  });
});

describe('validatePatentExportInput: rules (rejected before any vendor call)', () => {
  it('queryText must not be empty', () => {
    expect(expectRejected({ queryText: '   ' }, 'input.queryText', /at least 1 character/).limit).toBe(1);
  });

  it('queryText is at most 2000 characters', () => {
    const error = expectRejected(
      { queryText: 'a'.repeat(2001) },
      'input.queryText',
      /at most 2000 characters/,
    );
    expect(error.limit).toBe(2000);
  });

  it('fields must not be empty', () => {
    expectRejected({ fields: [] }, 'input.fields', /at least 1 export field/);
  });

  it('fields must be upper-case field codes', () => {
    const error = expectRejected({ fields: ['PN', 'pn-x'] }, 'input.fields', /\^\[A-Z0-9_\]\+\$/);
    expect(error.message).toContain('pn-x');
  });

  it('fields must not repeat', () => {
    expectRejected({ fields: ['PN', 'APNO', 'PN'] }, 'input.fields', /must not repeat.*PN/);
  });

  it('rows is at least 1', () => {
    expect(expectRejected({ rows: 0 }, 'input.rows', /rows must be at least 1/).limit).toBe(1);
  });

  it('rows is a whole number', () => {
    expectRejected({ rows: 1.5 }, 'input.rows', /whole number/);
  });

  it('rows is at most 100000 for JSON/CSV/XLS/XML', () => {
    for (const exportType of ['JSON', 'CSV', 'XLS', 'XML'] as const) {
      const error = expectRejected(
        { exportType, rows: 100_001 },
        'input.rows',
        `rows must be at most 100000 for ${exportType} exports (vendor limit)`,
      );
      expect(error.limit).toBe(100_000);
    }
  });

  it('rows is at most 1000 for PDF exports', () => {
    const error = expectRejected(
      { exportType: 'PDF', rows: 1001 },
      'input.rows',
      'rows must be at most 1000 for PDF exports (vendor limit)',
    );
    expect(error.limit).toBe(1000);
  });

  it('rows is at most 1000 for FULL_TEXT exports', () => {
    expectRejected(
      { exportType: 'FULL_TEXT', fields: ['PN'], rows: 1001 },
      'input.rows',
      'rows must be at most 1000 for FULL_TEXT exports (vendor limit)',
    );
  });

  it('offset is at least 0', () => {
    expect(expectRejected({ offset: -1 }, 'input.offset', /offset must be at least 0/).limit).toBe(0);
  });

  it('rows + offset is at most 100000', () => {
    const error = expectRejected(
      { rows: 10, offset: 99_991 },
      'input.offset',
      /rows \+ offset must be at most 100000/,
    );
    expect(error.limit).toBe(100_000);
  });

  it('FULL_TEXT supports only PN, ABST, CLMS, DESC', () => {
    const error = expectRejected(
      { exportType: 'FULL_TEXT', fields: ['PN', 'TTL'] },
      'input.fields',
      /FULL_TEXT export must be among PN, ABST, CLMS, DESC \(vendor limit\): TTL/,
    );
    expect(error.limit).toBe('PN,ABST,CLMS,DESC');
  });

  it('DESC only with FULL_TEXT', () => {
    expectRejected(
      { exportType: 'PDF', fields: ['PN', 'DESC'] },
      'input.fields',
      /DESC is only available in FULL_TEXT/,
    );
  });

  it('CLMS only with FULL_TEXT or PDF', () => {
    expectRejected(
      { exportType: 'CSV', fields: ['PN', 'CLMS'] },
      'input.fields',
      /CLMS is only available in FULL_TEXT or PDF exports/,
    );
    expect(() => validatePatentExportInput({ ...base, exportType: 'PDF', fields: ['CLMS'] })).not.toThrow();
  });

  it('dates must be yyyyMMdd or *', () => {
    const error = expectRejected(
      { applicationDateFrom: '2024-01-31' },
      'input.applicationDateFrom',
      /yyyyMMdd/,
    );
    expect(error.limit).toBe('yyyyMMdd');
    expectRejected({ publicationDateTo: '2024013' }, 'input.publicationDateTo', /yyyyMMdd/);
  });

  it('dates must be real calendar dates', () => {
    expectRejected({ applicationDateTo: '20230229' }, 'input.applicationDateTo', /calendar date as yyyyMMdd/);
    expectRejected({ publicationDateFrom: '20241301' }, 'input.publicationDateFrom', /yyyyMMdd/);
    expectRejected({ publicationDateFrom: '20240431' }, 'input.publicationDateFrom', /yyyyMMdd/);
    expect(() => validatePatentExportInput({ ...base, applicationDateTo: '20240229' })).not.toThrow();
  });

  it('application date from must not be after to', () => {
    const error = expectRejected(
      { applicationDateFrom: '20240102', applicationDateTo: '20240101' },
      'input.applicationDateFrom',
      /must not be after applicationDateTo \(20240101\)/,
    );
    expect(error.limit).toBe('20240101');
  });

  it('publication date from must not be after to', () => {
    expectRejected(
      { publicationDateFrom: '20250101', publicationDateTo: '20241231' },
      'input.publicationDateFrom',
      /must not be after publicationDateTo \(20241231\)/,
    );
    expect(() =>
      validatePatentExportInput({ ...base, publicationDateFrom: '20250101', publicationDateTo: '*' }),
    ).not.toThrow();
  });

  it('lang is one of cn, en, jp, de, fr, kr', () => {
    const error = expectRejected({ lang: 'es' }, 'input.lang', 'lang must be one of cn, en, jp, de, fr, kr');
    expect(error.limit).toBe('cn,en,jp,de,fr,kr');
  });

  it('transLang is one of cn, en, jp', () => {
    expectRejected({ transLang: 'de' }, 'input.transLang', 'transLang must be one of cn, en, jp');
  });

  it('exportType is one of the documented types', () => {
    const error = expectRejected(
      { exportType: 'DOCX' },
      'input.exportType',
      /JSON, CSV, XLS, PDF, FULL_TEXT, XML/,
    );
    expect(error.limit).toBe('JSON,CSV,XLS,PDF,FULL_TEXT,XML');
  });

  it('collapse options are the documented values', () => {
    expectRejected({ collapseType: 'FAMILY' }, 'input.collapseType', /ALL, APNO, DOCDB, INPADOC, EXTEND/);
    expectRejected({ collapseBy: 'TITLE' }, 'input.collapseBy', /APD, PBD, AUTHORITY, SCORE/);
    expectRejected({ collapseOrder: 'NEWEST' }, 'input.collapseOrder', /OLDEST, LATEST/);
  });
});
