import { describe, expect, it } from 'vitest';
import { createDmsSandbox, type DmsSandbox } from '../../src/sandbox/aliyun-dms/index.js';
import { signAcs3 } from '../../src/vendors/aliyun-dms/signer.js';
import { sandboxServers } from '../support/sandbox-server.js';

/** The DMS sandbox's wire protocol, driven by hand-signed requests. */

const BASE_PATH = '/sandbox/aliyun-dms';
const KEY_ID = 'LTAI5tSandboxKey';
const KEY_SECRET = 'SandboxKeySecret';
const START = Date.UTC(2025, 2, 1, 8, 0, 0);

const { listen } = sandboxServers();

async function start(
  qps = 100,
): Promise<{ sandbox: DmsSandbox; base: string; host: string; clock: { now: number } }> {
  const clock = { now: START };
  let origin = '';
  const sandbox = createDmsSandbox({
    basePath: BASE_PATH,
    publicOrigin: () => origin,
    taskMs: 1000,
    qps,
    secret: 's',
    accessKeyId: KEY_ID,
    accessKeySecret: KEY_SECRET,
    now: () => clock.now,
  });
  const host = await listen((req, res) => void sandbox.handle(req, res));
  origin = `http://${host}`;
  return { sandbox, base: `${origin}${BASE_PATH}`, host, clock };
}

function signed(
  host: string,
  action: string,
  query: Record<string, string>,
  nonce: string,
  date = new Date(START),
) {
  return signAcs3({
    method: 'POST',
    host,
    action,
    version: '2018-11-01',
    query,
    accessKeyId: KEY_ID,
    accessKeySecret: KEY_SECRET,
    date,
    nonce,
  });
}

async function post(base: string, s: ReturnType<typeof signed>, body?: string) {
  const res = await fetch(`${base}/?${s.queryString}`, { method: 'POST', headers: s.headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('DMS sandbox protocol', () => {
  it('rejects a replayed nonce with SignatureNonceUsed, accepts a fresh one', async () => {
    const { base, host } = await start();
    const s = signed(
      host,
      'DownloadDataTrackResult',
      { OrderId: '1', RollbackSQLType: 'FORWARD' },
      'nonce-1',
    );
    const first = await post(base, s);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ Success: true, ErrorCode: 'UnknownError' });
    expect(typeof first.json.DownloadKeyId).toBe('string');
    const replay = await post(base, s);
    expect(replay).toMatchObject({ status: 400, json: { Code: 'SignatureNonceUsed' } });
    const fresh = await post(
      base,
      signed(host, 'DownloadDataTrackResult', { OrderId: '1', RollbackSQLType: 'FORWARD' }, 'nonce-2'),
    );
    expect(fresh.status).toBe(200);
  });

  it('checks the body bytes against the signature and the gateway envelope shape', async () => {
    const { base, host } = await start();
    const s = signed(host, 'DownloadDataTrackResult', { OrderId: '1', RollbackSQLType: 'FORWARD' }, 'n');
    const res = await post(base, s, 'extra');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ Code: 'SignatureDoesNotMatch' });
    expect(Object.keys(res.json).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    expect(String(res.json.Message)).not.toContain(KEY_SECRET);
  });

  it('answers missing and invalid parameters as the vendor does', async () => {
    const { base, host } = await start();
    const missing = await post(
      base,
      signed(host, 'DownloadDataTrackResult', { RollbackSQLType: 'FORWARD' }, 'a'),
    );
    expect(missing).toMatchObject({ status: 400, json: { Code: 'MissingOrderId' } });
    const invalid = await post(
      base,
      signed(host, 'DownloadDataTrackResult', { OrderId: '1', RollbackSQLType: 'UNDO' }, 'b'),
    );
    expect(invalid).toMatchObject({ status: 200, json: { Success: false, ErrorCode: 'InvalidParameter' } });
    const action = await post(base, signed(host, 'DeleteEverything', {}, 'c'));
    expect(action).toMatchObject({ status: 403, json: { Code: 'InvalidAction' } });
    const unsigned = await fetch(`${base}/?OrderId=1`, { method: 'POST' });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ Code: 'IncompleteSignature' });
  });

  it('throttles above qps with Throttling.User and exposes stats and faults over HTTP', async () => {
    const { base, host, sandbox, clock } = await start(2);
    const codes: number[] = [];
    for (const n of ['1', '2', '3']) {
      codes.push(
        (
          await post(
            base,
            signed(host, 'QueryDataTrackResultDownloadStatus', { OrderId: '1', DownloadKeyId: 'x' }, n),
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
      signed(host, 'QueryDataTrackResultDownloadStatus', { OrderId: '1', DownloadKeyId: 'x' }, '4'),
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
