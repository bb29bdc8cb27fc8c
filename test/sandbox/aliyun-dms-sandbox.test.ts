import { describe, expect, it } from 'vitest';
import { createDmsSandbox } from '../../src/vendors/aliyun-dms/sandbox/index.js';
import { cloudSandboxes, DMS_KEY, signedDmsCall } from '../support/cloud-sandboxes.js';

/** The DMS sandbox's wire protocol, driven by hand-signed requests. */

const { startDms } = cloudSandboxes();

async function post(base: string, s: ReturnType<typeof signedDmsCall>, body?: string) {
  const res = await fetch(`${base}/?${s.queryString}`, { method: 'POST', headers: s.headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** A valid DownloadDataTrackResult query. */
const ORDER_1 = { OrderId: '1', RollbackSQLType: 'FORWARD' };

describe('DMS sandbox protocol', () => {
  it('rejects a replayed nonce with SignatureNonceUsed, accepts a fresh one', async () => {
    const { endpoint: base, host } = await startDms();
    const s = signedDmsCall(host, 'DownloadDataTrackResult', ORDER_1, 'nonce-1');
    const first = await post(base, s);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ Success: true, ErrorCode: 'UnknownError' });
    expect(typeof first.json.DownloadKeyId).toBe('string');
    const replay = await post(base, s);
    expect(replay).toMatchObject({ status: 400, json: { Code: 'SignatureNonceUsed' } });
    const fresh = await post(base, signedDmsCall(host, 'DownloadDataTrackResult', ORDER_1, 'nonce-2'));
    expect(fresh.status).toBe(200);
  });

  it('checks the body bytes against the signature and the gateway envelope shape', async () => {
    const { endpoint: base, host } = await startDms();
    const s = signedDmsCall(host, 'DownloadDataTrackResult', ORDER_1, 'n');
    const res = await post(base, s, 'extra');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ Code: 'SignatureDoesNotMatch' });
    expect(Object.keys(res.json).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    expect(String(res.json.Message)).not.toContain(DMS_KEY.accessKeySecret);
  });

  it('answers missing and invalid parameters as the vendor does', async () => {
    const { endpoint: base, host } = await startDms();
    const missing = await post(
      base,
      signedDmsCall(host, 'DownloadDataTrackResult', { RollbackSQLType: 'FORWARD' }, 'a'),
    );
    expect(missing).toMatchObject({ status: 400, json: { Code: 'MissingOrderId' } });
    const invalid = await post(
      base,
      signedDmsCall(host, 'DownloadDataTrackResult', { OrderId: '1', RollbackSQLType: 'UNDO' }, 'b'),
    );
    expect(invalid).toMatchObject({ status: 200, json: { Success: false, ErrorCode: 'InvalidParameter' } });
    const action = await post(base, signedDmsCall(host, 'DeleteEverything', {}, 'c'));
    expect(action).toMatchObject({ status: 403, json: { Code: 'InvalidAction' } });
    const unsigned = await fetch(`${base}/?OrderId=1`, { method: 'POST' });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ Code: 'IncompleteSignature' });
  });

  it('throttles above qps with Throttling.User and exposes stats and faults over HTTP', async () => {
    const { endpoint: base, host, sandbox, clock } = await startDms({ qps: 2 });
    const codes: number[] = [];
    for (const n of ['1', '2', '3']) {
      codes.push(
        (
          await post(
            base,
            signedDmsCall(
              host,
              'QueryDataTrackResultDownloadStatus',
              { OrderId: '1', DownloadKeyId: 'x' },
              n,
            ),
          )
        ).status,
      );
    }
    expect(codes).toEqual([200, 200, 400]);
    const stats = (await (await fetch(`${base}/_stats`)).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({
      rejectedForRate: 1,
      maxCallsInOneSecond: 3,
      errors: { 'Throttling.User': 1, InvalidParameter: 2 },
    });
    clock.now += 1000;
    expect(
      (
        await fetch(`${base}/_faults`, {
          method: 'POST',
          body: JSON.stringify({ operation: '*', kind: 'InternalError' }),
        })
      ).status,
    ).toBe(200);
    expect((await fetch(`${base}/_faults`, { method: 'POST', body: '{"kind":"nope"}' })).status).toBe(400);
    const faulted = await post(
      base,
      signedDmsCall(host, 'QueryDataTrackResultDownloadStatus', { OrderId: '1', DownloadKeyId: 'x' }, '4'),
    );
    expect(faulted).toMatchObject({ status: 500, json: { Code: 'InternalError' } });
    await fetch(`${base}/_stats/reset`, { method: 'POST' });
    expect(sandbox.stats.calls.QueryDataTrackResultDownloadStatus).toBe(0);
  });

  it('refuses options it cannot honour', () => {
    expect(() =>
      createDmsSandbox({
        basePath: 'x',
        publicOrigin: () => '',
        taskMs: -1,
        qps: 1,
        secret: '',
        accessKeyId: '',
        accessKeySecret: '',
      }),
    ).toThrow(/basePath.*taskMs.*secret.*accessKeyId/);
  });
});
