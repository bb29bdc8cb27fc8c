import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import {
  createDataTrackDownloadOperation,
  encodeDmsParam,
  mapDataTrackStatus,
  mapDmsError,
  mapDmsHttpStatus,
  ossUrlExpiry,
  parseXmlError,
  validateDataTrackDownloadInput,
} from '../../src/vendors/aliyun-dms/index.js';

const SAMPLE_URL =
  'https://idbsaasstore.oss-cn-zhangjiakou.aliyuncs.com/****_REDO_31201_207.zip?Expires=1682239593&OSSAccessKeyId=****&Signature=****';

const state = (downloadStatus: string, extra: Partial<Parameters<typeof mapDataTrackStatus>[0]> = {}) => ({
  downloadStatus,
  downloadUrl: null,
  statusDesc: null,
  totalCount: null,
  ...extra,
});

describe('DMS status mapping', () => {
  it('maps the documented states', () => {
    expect(mapDataTrackStatus(state('INIT')).status).toBe('QUEUED');
    expect(mapDataTrackStatus(state('LISTING')).status).toBe('QUEUED');
    expect(mapDataTrackStatus(state('DOWNLOADING', { totalCount: 5 }))).toEqual({
      status: 'RUNNING',
      vendorStatus: 'DOWNLOADING',
      itemCount: 5,
    });
    expect(
      mapDataTrackStatus(state('DOWNLOAD_SUCCESS', { downloadUrl: SAMPLE_URL, totalCount: 69 })),
    ).toEqual({
      status: 'SUCCEEDED',
      vendorStatus: 'DOWNLOAD_SUCCESS',
      itemCount: 69,
      downloadUrl: SAMPLE_URL,
      downloadExpiresAt: '2023-04-23T08:46:33.000Z',
      error: null,
    });
    const failed = mapDataTrackStatus(state('DOWNLOAD_FAIL', { statusDesc: 'binlog purged' }));
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatchObject({
      code: 'VENDOR_TASK_FAILED',
      retryable: false,
      vendorCode: 'DOWNLOAD_FAIL',
    });
    expect(failed.error?.message).toContain('binlog purged');
  });

  it('keeps polling a success without URL and unknown states', () => {
    expect(mapDataTrackStatus(state('DOWNLOAD_SUCCESS')).status).toBe('RUNNING');
    expect(mapDataTrackStatus(state('NEW_STATE'))).toEqual({ status: 'RUNNING', vendorStatus: 'NEW_STATE' });
  });

  it('reads Expires (epoch seconds) from OSS URLs', () => {
    expect(ossUrlExpiry(SAMPLE_URL)?.getTime()).toBe(1682239593000);
    expect(ossUrlExpiry('https://x/y.zip')).toBeNull();
    expect(ossUrlExpiry('not a url')).toBeNull();
  });
});

describe('DMS error mapping', () => {
  it.each([
    ['Throttling.User', 400, 'RATE_LIMITED', true],
    ['Throttling', 400, 'RATE_LIMITED', true],
    ['ServiceUnavailable', 503, 'VENDOR_UNAVAILABLE', true],
    ['InternalError', 500, 'VENDOR_UNAVAILABLE', true],
    ['SignatureDoesNotMatch', 400, 'UNAUTHENTICATED', false],
    ['IncompleteSignature', 400, 'UNAUTHENTICATED', false],
    ['InvalidAccessKeyId.NotFound', 404, 'UNAUTHENTICATED', false],
    ['InvalidTimeStamp.Expired', 400, 'UNAUTHENTICATED', false],
    ['Forbidden.RAM', 403, 'FORBIDDEN', false],
    ['InvalidParameter', 400, 'BAD_USER_INPUT', false],
    ['MissingOrderId', 400, 'VENDOR_ERROR', false],
    ['SignatureNonceUsed', 400, 'VENDOR_ERROR', true],
    ['SomethingNew', 502, 'VENDOR_UNAVAILABLE', true],
    ['SomethingNew', 400, 'VENDOR_ERROR', false],
  ] as const)('%s (HTTP %i) -> %s', (code, status, expected, transient) => {
    const error = mapDmsError(code, 'vendor text', status);
    expect(error.code).toBe(expected);
    expect(error.transient).toBe(transient);
    expect(error.vendorCode).toBe(code);
    expect(error.message).toContain('Alibaba Cloud DMS');
  });

  it('gives signature and clock failures specific, secret-free messages', () => {
    const sig = mapDmsError('SignatureDoesNotMatch', 'server string to sign is: ...MYSECRET...', 400, (t) =>
      t.replaceAll('MYSECRET', '[redacted]'),
    );
    expect(sig.message).toMatch(/signature was rejected; check ALIYUN_ACCESS_KEY_SECRET/);
    expect(sig.message).not.toContain('MYSECRET');
    expect(mapDmsError('InvalidTimeStamp.Expired', null, 400).message).toMatch(/15 minutes.*clock/);
  });

  it('maps bare HTTP statuses and XML error bodies', () => {
    expect(mapDmsHttpStatus(503)).toMatchObject({ code: 'VENDOR_UNAVAILABLE', transient: true });
    expect(mapDmsHttpStatus(403)).toMatchObject({ code: 'FORBIDDEN', transient: false });
    expect(parseXmlError('<Error><Code>Forbidden.RAM</Code><Message>denied</Message></Error>')).toEqual({
      code: 'Forbidden.RAM',
      message: 'denied',
    });
    expect(parseXmlError('<html/>')).toBeUndefined();
  });
});

describe('DMS input validation', () => {
  const bad = (input: Parameters<typeof validateDataTrackDownloadInput>[0]) => {
    try {
      validateDataTrackDownloadInput(input);
    } catch (error) {
      if (error instanceof BadInputError) return error;
      throw error;
    }
    throw new Error('expected BadInputError');
  };

  it('builds the wire request, JSON-encoding lists as the SDK does', () => {
    const req = validateDataTrackDownloadInput({
      orderId: '9223372036854775807',
      rollbackSqlType: 'forward',
      filterStartTime: '2023-04-23 00:00:00',
      filterEndTime: '2023-04-23 10:00:00',
      filterTables: ['table2'],
      filterTypes: ['update', 'UPDATE'],
      columnFilter: '{"columnName":"account_name","operator":"in","inList":["a","b"]}',
      eventIds: ['12345678901234567'],
      tenantId: '3',
    });
    expect(req).toEqual({
      OrderId: '9223372036854775807',
      RollbackSQLType: 'FORWARD',
      FilterStartTime: '2023-04-23 00:00:00',
      FilterEndTime: '2023-04-23 10:00:00',
      FilterTableList: ['table2'],
      FilterTypeList: ['UPDATE'],
      ColumnFilter: { ColumnName: 'account_name', Operator: 'IN', InList: ['a', 'b'] },
      EventIdList: ['12345678901234567'],
      Tid: '3',
    });
    expect(encodeDmsParam('FilterTableList', req.FilterTableList)).toBe('["table2"]');
    // int64 event ids stay exact: bare JSON numbers written from their decimal strings.
    expect(encodeDmsParam('EventIdList', req.EventIdList)).toBe('[12345678901234567]');
    expect(validateDataTrackDownloadInput({ orderId: '406' }).RollbackSQLType).toBe('REVERSE');
  });

  it('names the field and the limit', () => {
    expect(bad({ orderId: 'abc' })).toMatchObject({ field: 'input.orderId', limit: 'int64' });
    expect(bad({ orderId: '9223372036854775808' }).field).toBe('input.orderId');
    expect(bad({ orderId: '1', rollbackSqlType: 'UNDO' })).toMatchObject({
      field: 'input.rollbackSqlType',
      limit: 'REVERSE,FORWARD',
    });
    expect(bad({ orderId: '1', filterStartTime: '2023-02-30 00:00:00' }).field).toBe('input.filterStartTime');
    expect(
      bad({ orderId: '1', filterStartTime: '2023-04-23 10:00:00', filterEndTime: '2023-04-23 09:00:00' })
        .field,
    ).toBe('input.filterEndTime');
    const tooMany = bad({ orderId: '1', filterTables: Array.from({ length: 201 }, (_, i) => `t${i}`) });
    expect(tooMany).toMatchObject({ field: 'input.filterTables', limit: 200 });
    expect(tooMany.message).toContain('200');
    expect(bad({ orderId: '1', filterTypes: ['DROP'] }).message).toContain('INSERT, UPDATE, DELETE');
    expect(
      bad({ orderId: '1', columnFilter: '{"ColumnName":"a","Operator":"BETWEEN","BetweenStart":1}' }).message,
    ).toContain('BetweenEnd');
    expect(bad({ orderId: '1', columnFilter: '[1]' }).field).toBe('input.columnFilter');
    expect(bad({ orderId: '1', eventIds: ['x'] }).field).toBe('input.eventIds[0]');
  });

  it('track() requires the orderId', () => {
    const op = createDataTrackDownloadOperation({
      downloadDataTrackResult: async () => ({ downloadKeyId: 'k' }),
      queryDataTrackResultDownloadStatus: async () => state('INIT'),
    });
    expect(() => op.track('key-1', {}, new Date())).toThrow(BadInputError);
    try {
      op.track('key-1', {}, new Date());
    } catch (error) {
      expect((error as BadInputError).field).toBe('input.orderId');
    }
    expect(op.track('key-1', { orderId: '406', tid: '7' }, new Date())).toEqual({
      params: { orderId: '406', tid: '7' },
      deadlineAt: null,
    });
    expect(() => op.track('has space', { orderId: '1' }, new Date())).toThrow(BadInputError);
  });
});
