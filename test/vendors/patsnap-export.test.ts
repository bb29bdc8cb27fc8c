import { describe, expect, it, vi } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import {
  createPatentExportOperation,
  mapExportStatus,
  presignedUrlExpiry,
} from '../../src/vendors/patsnap/export.js';
import { VendorError } from '../../src/vendors/shared/vendor-error.js';

// The example from the P055 "Get Export Results" seed page.
const SEED_URL =
  'http://exportapi.cdn.zhihuiya.com/20180607/1a9649e44d5dac74d5ff95d0455e31b7/20180607020732886.JSON?response-content-disposition=attachment%3B%20filename%3D%2220180607020732886.JSON%22%3B&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20180607T020740Z&X-Amz-SignedHeaders=host&X-Amz-Expires=604800&X-Amz-Credential=AKIAOMXTQGW2GCEVBM4A%2F20180607%2Fcn-north-1%2Fs3%2Faws4_request&X-Amz-Signature=6983e29dbc4a273742fc6714dc15916957257c1425678e90b7f5f3cd2e8d249e';

const NOW = Date.parse('2024-05-01T12:00:00.000Z');

describe('mapExportStatus', () => {
  it('PENDING -> RUNNING', () => {
    expect(mapExportStatus({ exportStatus: 'PENDING', url: null, count: 24 }, NOW)).toEqual({
      status: 'RUNNING',
      vendorStatus: 'PENDING',
      itemCount: 24,
    });
  });

  it('SUCCESS -> SUCCEEDED, link expiry from X-Amz-Date + X-Amz-Expires', () => {
    expect(mapExportStatus({ exportStatus: 'SUCCESS', url: SEED_URL, count: 24 }, new Date(NOW))).toEqual({
      status: 'SUCCEEDED',
      vendorStatus: 'SUCCESS',
      itemCount: 24,
      downloadUrl: SEED_URL,
      // 2018-06-07T02:07:40Z + 604800 s (7 days)
      downloadExpiresAt: '2018-06-14T02:07:40.000Z',
      error: null,
    });
  });

  it('SUCCESS with a URL that does not say when it expires -> now + 7 days', () => {
    const snapshot = mapExportStatus(
      {
        exportStatus: 'SUCCESS',
        url: 'https://files.example/x.csv?X-Amz-Date=20240501T000000Z',
        count: null,
      },
      NOW,
    );
    expect(snapshot.status).toBe('SUCCEEDED');
    expect(snapshot.downloadExpiresAt).toBe('2024-05-08T12:00:00.000Z');
    expect(snapshot).not.toHaveProperty('itemCount');
  });

  it('SUCCESS without a URL is not downloadable yet -> RUNNING', () => {
    expect(mapExportStatus({ exportStatus: 'SUCCESS', url: null, count: 5 }, NOW)).toEqual({
      status: 'RUNNING',
      vendorStatus: 'SUCCESS',
      itemCount: 5,
    });
  });

  it('FAIL -> FAILED, not retryable', () => {
    expect(mapExportStatus({ exportStatus: 'FAIL', url: null, count: null }, NOW)).toEqual({
      status: 'FAILED',
      vendorStatus: 'FAIL',
      error: {
        code: 'VENDOR_TASK_FAILED',
        message: 'PatSnap export failed; create the export task again',
        vendorCode: null,
        retryable: false,
      },
    });
  });

  it('an unknown status -> RUNNING, raw status kept', () => {
    expect(mapExportStatus({ exportStatus: 'QUEUING', url: null, count: null }, NOW)).toEqual({
      status: 'RUNNING',
      vendorStatus: 'QUEUING',
    });
  });

  it('presignedUrlExpiry reads the seed URL and tolerates junk', () => {
    expect(presignedUrlExpiry(SEED_URL)?.toISOString()).toBe('2018-06-14T02:07:40.000Z');
    expect(presignedUrlExpiry('not a url')).toBeNull();
    expect(presignedUrlExpiry('https://x/y?X-Amz-Date=2018-06-07&X-Amz-Expires=60')).toBeNull();
    expect(
      presignedUrlExpiry('https://x/y?x-amz-date=20180607T020740Z&x-amz-expires=60')?.toISOString(),
    ).toBe('2018-06-07T02:08:40.000Z');
  });
});

describe('createPatentExportOperation', () => {
  const input = { queryText: 'TTL:car', fields: ['PN', 'APNO'], exportType: 'CSV' as const, rows: 100 };

  function fakeClient() {
    return {
      createExport: vi.fn(async () => ({ taskId: 'b4bdae6b4a65432d91f25b5c52bdfd80', count: 42 })),
      getExportTask: vi.fn(async () => ({ exportStatus: 'SUCCESS', url: SEED_URL, count: 42 })),
    };
  }

  it('start validates, creates the vendor task and sets a 24 h deadline', async () => {
    const client = fakeClient();
    const op = createPatentExportOperation(client, { now: () => NOW });
    expect(op.vendor).toBe('PATSNAP');
    expect(op.kind).toBe('PATENT_EXPORT');
    await expect(op.start(input)).resolves.toEqual({
      vendorTaskId: 'b4bdae6b4a65432d91f25b5c52bdfd80',
      params: {},
      snapshot: { status: 'RUNNING', vendorStatus: 'PENDING', itemCount: 42 },
      deadlineAt: '2024-05-02T12:00:00.000Z',
    });
    expect(client.createExport).toHaveBeenCalledWith({
      query_text: 'TTL:car',
      fields: 'PN,APNO',
      export_type: 'csv',
      rows: 100,
    });
  });

  it('start rejects bad input before any vendor call', async () => {
    const client = fakeClient();
    const op = createPatentExportOperation(client);
    await expect(op.start({ ...input, rows: 100_001 })).rejects.toBeInstanceOf(BadInputError);
    expect(client.createExport).not.toHaveBeenCalled();
  });

  it('start passes vendor errors through', async () => {
    const client = fakeClient();
    client.createExport.mockRejectedValueOnce(new VendorError('QUOTA_EXCEEDED', 'PatSnap: no balance'));
    const op = createPatentExportOperation(client);
    await expect(op.start(input)).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
  });

  it('poll asks for the task and maps its status', async () => {
    const client = fakeClient();
    const op = createPatentExportOperation(client, { now: () => NOW });
    const snapshot = await op.poll({
      vendorTaskId: 'abc',
      params: {},
      createdAt: new Date(NOW).toISOString(),
    });
    expect(client.getExportTask).toHaveBeenCalledWith('abc');
    expect(snapshot).toMatchObject({ status: 'SUCCEEDED', downloadUrl: SEED_URL, itemCount: 42 });
  });

  it('track accepts a PatSnap task id and gives it 24 h from now', () => {
    const op = createPatentExportOperation(fakeClient());
    expect(op.track('264de8bf7e294505a9a000597e25d615', {}, new Date(NOW))).toEqual({
      params: {},
      deadlineAt: '2024-05-02T12:00:00.000Z',
    });
  });

  it.each(['', ' 264de8bf', 'a b', 'x'.repeat(201), 'tab\there', 'ünïcode'])('track rejects %j', (id) => {
    const op = createPatentExportOperation(fakeClient());
    let error: unknown;
    try {
      op.track(id, {}, new Date(NOW));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).field).toBe('input.vendorTaskId');
    expect((error as BadInputError).message).toMatch(/200 printable characters/);
  });
});
