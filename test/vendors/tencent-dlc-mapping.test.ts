import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import {
  createDlcClient,
  createQueryResultDownloadOperation,
  mapDlcError,
  mapDlcHttpStatus,
  mapResultDownloadState,
  type ResultDownloadState,
  validateQueryResultDownloadInput,
} from '../../src/vendors/tencent-dlc/index.js';

const base: ResultDownloadState = {
  status: 'init',
  path: null,
  reason: null,
  secretId: null,
  secretKey: null,
  token: null,
  credentialsExpireAt: null,
};
const minted = {
  url: 'https://b.cos.r.myqcloud.com/k.csv?q-signature=x',
  expiresAt: new Date('2025-01-01T01:00:00Z'),
};

describe('DLC status mapping', () => {
  it('maps the documented states', () => {
    const map = (status: string) => mapResultDownloadState({ ...base, status }, () => minted);
    expect(map('init')).toEqual({ status: 'QUEUED', vendorStatus: 'init' });
    expect(map('queue').status).toBe('QUEUED');
    expect(map('format').status).toBe('RUNNING');
    expect(map('compress').status).toBe('RUNNING');
    expect(map('success')).toEqual({
      status: 'SUCCEEDED',
      vendorStatus: 'success',
      downloadUrl: minted.url,
      downloadExpiresAt: '2025-01-01T01:00:00.000Z',
      error: null,
    });
    expect(map('timeout')).toMatchObject({
      status: 'FAILED',
      error: { code: 'VENDOR_TASK_FAILED', vendorCode: 'timeout', retryable: true },
    });
    expect(map('error').error?.message).toMatch(/refresh the task to regenerate/);
    expect(map('brand-new')).toEqual({ status: 'RUNNING', vendorStatus: 'brand-new' });
    expect(mapResultDownloadState({ ...base, status: 'success' }, () => null).status).toBe('RUNNING');
  });

  it('limits the URL to the credentials when their expiry is known', () => {
    const client = createDlcClient({
      endpoint: 'https://dlc.tencentcloudapi.com',
      secretId: 'id',
      secretKey: 'key',
      region: 'ap-guangzhou',
      now: () => new Date('2025-01-01T00:00:00Z'),
    });
    const state = {
      ...base,
      status: 'success',
      path: 'cosn://bkt-125/a/b.csv',
      secretId: 'tmp',
      secretKey: 'tk',
      token: 't',
    };
    const def = client.mintDownloadUrl(state);
    expect(def?.expiresAt.toISOString()).toBe('2025-01-01T00:30:00.000Z');
    expect(def?.url.startsWith('https://bkt-125.cos.ap-guangzhou.myqcloud.com/a/b.csv?')).toBe(true);
    const short = client.mintDownloadUrl({ ...state, credentialsExpireAt: new Date('2025-01-01T00:10:00Z') });
    expect(short?.expiresAt.toISOString()).toBe('2025-01-01T00:10:00.000Z');
    expect(new URL(short?.url as string).searchParams.get('q-key-time')).toBe('1735689600;1735690200');
    expect(client.mintDownloadUrl({ ...state, path: null })).toBeNull();
  });
});

describe('DLC error mapping', () => {
  it.each([
    ['RequestLimitExceeded', 'RATE_LIMITED', true],
    ['RequestLimitExceeded.UinLimitExceeded', 'RATE_LIMITED', true],
    ['InternalError', 'VENDOR_UNAVAILABLE', true],
    ['InternalError.DBError', 'VENDOR_UNAVAILABLE', true],
    ['AuthFailure.SignatureFailure', 'UNAUTHENTICATED', false],
    ['AuthFailure.SignatureExpire', 'UNAUTHENTICATED', false],
    ['AuthFailure.SecretIdNotFound', 'UNAUTHENTICATED', false],
    ['AuthFailure.TokenFailure', 'UNAUTHENTICATED', false],
    ['AuthFailure.UnauthorizedOperation', 'FORBIDDEN', false],
    ['FailedOperation.NoPermission', 'FORBIDDEN', false],
    ['InvalidParameter', 'BAD_USER_INPUT', false],
    ['InvalidParameterValue', 'BAD_USER_INPUT', false],
    ['ResourceNotFound', 'NOT_FOUND', false],
    ['FailedOperation', 'VENDOR_ERROR', false],
  ] as const)('%s -> %s', (code, expected, transient) => {
    const error = mapDlcError(code, 'text');
    expect(error).toMatchObject({ code: expected, transient, vendorCode: code });
  });

  it('names what to check and keeps secrets out', () => {
    expect(mapDlcError('AuthFailure.SignatureFailure', null).message).toMatch(/check TENCENT_SECRET_KEY/);
    expect(mapDlcError('AuthFailure.SignatureExpire', null).message).toMatch(/5 minutes.*clock/);
    expect(mapDlcError('X', 'key=SEKRIT', (t) => t.replace('SEKRIT', '[redacted]')).message).not.toContain(
      'SEKRIT',
    );
    expect(mapDlcHttpStatus(502)).toMatchObject({ code: 'VENDOR_UNAVAILABLE', transient: true });
    expect(mapDlcHttpStatus(404)).toMatchObject({ code: 'VENDOR_ERROR', transient: false });
  });
});

describe('DLC input and operation', () => {
  it('validates taskId and format', () => {
    expect(
      validateQueryResultDownloadInput({ taskId: ' 20aadca2d4b511ef9ffa525400ba9019 ', format: 'csv' }),
    ).toEqual({
      taskId: '20aadca2d4b511ef9ffa525400ba9019',
      format: 'CSV',
    });
    expect(() => validateQueryResultDownloadInput({ taskId: '' })).toThrow(BadInputError);
    try {
      validateQueryResultDownloadInput({ taskId: 't', format: 'XLSX' });
    } catch (error) {
      expect(error).toMatchObject({ field: 'input.format', limit: 'CSV' });
    }
  });

  it('renew: EXPIRED re-describes, FAILED timeout/error re-creates with Force, others cannot', async () => {
    const calls: string[] = [];
    const op = createQueryResultDownloadOperation({
      createResultDownload: async (req) => {
        calls.push(`create ${req.taskId} force=${req.force}`);
        return { downloadId: 'new-id' };
      },
      describeResultDownload: async (id) => {
        calls.push(`describe ${id}`);
        return { ...base, status: 'success', path: 'cosn://b/k', secretId: 's', secretKey: 'k' };
      },
      mintDownloadUrl: () => minted,
    });
    const ref = { vendorTaskId: 'old-id', params: { taskId: 't1', format: 'CSV' }, createdAt: '' };
    const expired = await op.renew?.({ ...ref, status: 'EXPIRED', vendorStatus: 'success' });
    expect(expired).toMatchObject({
      vendorTaskId: 'old-id',
      snapshot: { status: 'SUCCEEDED', downloadUrl: minted.url },
    });
    const failed = await op.renew?.({ ...ref, status: 'FAILED', vendorStatus: 'timeout' });
    expect(failed).toMatchObject({ vendorTaskId: 'new-id', params: { taskId: 't1', format: 'CSV' } });
    expect(await op.renew?.({ ...ref, status: 'FAILED', vendorStatus: null })).toBeNull();
    expect(await op.renew?.({ ...ref, status: 'RUNNING', vendorStatus: 'format' })).toBeNull();
    expect(await op.renew?.({ ...ref, params: {}, status: 'FAILED', vendorStatus: 'error' })).toBeNull();
    expect(calls).toEqual(['describe old-id', 'create t1 force=true']);
    expect(op.track('dl-1', { taskId: 't1' }, new Date())).toEqual({
      params: { taskId: 't1' },
      deadlineAt: null,
    });
    expect(() => op.track('has space', {}, new Date())).toThrow(BadInputError);
  });
});
