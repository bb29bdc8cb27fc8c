import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  MemorySandboxState,
  RedisSandboxState,
  type SandboxState,
} from '../../src/vendors/shared/sandbox/state.js';
import {
  cloudSandboxes,
  DLC_BASE_PATH,
  DMS_BASE_PATH,
  START,
  signedDlcCall,
  signedDmsCall,
} from '../support/cloud-sandboxes.js';
import { testRedis } from '../support/sandbox-server.js';

/** The cloud sandboxes on one Redis, and the Redis state against the in-process one. */

const REDIS_URL = process.env.REDIS_URL;

describe.skipIf(!REDIS_URL)('cloud sandboxes and the sandbox state on Redis', () => {
  const { startDms, startDlc } = cloudSandboxes();
  const testDb = testRedis(REDIS_URL);
  const { freshPrefix } = testDb;

  /**
   * POSTs to `host` with these headers; the Host header is `signedHost` (default `host`), so a request
   * signed for instance A can be sent, byte for byte, to instance B.
   */
  function post(host: string, path: string, headers: Record<string, string>, body = '', signedHost = host) {
    return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
      const [hostname, port] = host.split(':');
      const options = {
        hostname,
        port: Number(port),
        path,
        method: 'POST',
        headers: { ...headers, host: signedHost },
      };
      const req = request(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      });
      req.once('error', reject);
      req.end(body);
    });
  }

  describe('Alibaba Cloud DMS', () => {
    const BASE_PATH = DMS_BASE_PATH;

    /** Two instances on one Redis prefix and one clock; each builds its own state object. */
    async function dmsCluster(qps = 100) {
      const keyPrefix = freshPrefix();
      const clock = { now: START };
      const instance = () =>
        startDms({ qps, state: new RedisSandboxState(testDb.redis, { keyPrefix }) }, clock);
      return { a: await instance(), b: await instance(), clock };
    }

    it('refuses on B a nonce first used on A, and B knows A’s download key', async () => {
      const { a, b } = await dmsCluster();
      const s = signedDmsCall(
        a.host,
        'DownloadDataTrackResult',
        { OrderId: '7', RollbackSQLType: 'FORWARD' },
        'n-1',
      );
      const path = `${BASE_PATH}/?${s.queryString}`;
      const first = await post(a.host, path, s.headers);
      expect(first).toMatchObject({ status: 200, json: { Success: true } });
      const replayOnB = await post(b.host, path, s.headers, '', a.host);
      expect(replayOnB).toMatchObject({ status: 400, json: { Code: 'SignatureNonceUsed' } });

      const q = { OrderId: '7', DownloadKeyId: String(first.json.DownloadKeyId) };
      const status = signedDmsCall(b.host, 'QueryDataTrackResultDownloadStatus', q, 'n-2');
      const onB = await post(b.host, `${BASE_PATH}/?${status.queryString}`, status.headers);
      expect(onB).toMatchObject({
        status: 200,
        json: { Success: true, StatusResult: { DownloadStatus: 'INIT' } },
      });

      const overHttp = (await (await fetch(`http://${b.host}${BASE_PATH}/_stats`)).json()) as Record<
        string,
        unknown
      >;
      expect(overHttp).toEqual({
        calls: {
          DownloadDataTrackResult: 2,
          QueryDataTrackResultDownloadStatus: 1,
          other: 0,
          'oss.download': 0,
        },
        errors: { SignatureNonceUsed: 1 },
        rejectedForRate: 0,
        maxCallsInOneSecond: 3,
      });
      expect(await a.sandbox.readStats()).toEqual(overHttp);
      expect(a.sandbox.stats.errors).toEqual({});
    });

    it('throttles the sum of both instances’ calls', async () => {
      const { a, b } = await dmsCluster(3);
      const statuses: number[] = [];
      for (const [i, instance] of [a, b, a, b].entries()) {
        const s = signedDmsCall(
          instance.host,
          'QueryDataTrackResultDownloadStatus',
          { OrderId: '1', DownloadKeyId: 'x' },
          `t${i}`,
        );
        statuses.push((await post(instance.host, `${BASE_PATH}/?${s.queryString}`, s.headers)).status);
      }
      expect(statuses).toEqual([200, 200, 200, 400]);
      expect(await b.sandbox.readStats()).toMatchObject({
        rejectedForRate: 1,
        errors: { 'Throttling.User': 1 },
      });
      await b.sandbox.resetStats();
      expect((await a.sandbox.readStats()).rejectedForRate).toBe(0);
    });
  });

  describe('Tencent Cloud DLC', () => {
    const BASE_PATH = DLC_BASE_PATH;

    it('throttles the sum of both instances’ calls with RequestLimitExceeded', async () => {
      const keyPrefix = freshPrefix();
      const clock = { now: START };
      const state = () => new RedisSandboxState(testDb.redis, { keyPrefix });
      const instances = [
        await startDlc({ qps: 2, state: state() }, clock),
        await startDlc({ qps: 2, state: state() }, clock),
      ];
      const codes: unknown[] = [];
      for (const { host } of [...instances, ...instances]) {
        const body = JSON.stringify({ TaskId: 'abc', Format: 'CSV' });
        const s = signedDlcCall(host, 'CreateResultDownload', body, clock.now);
        const res = await post(host, `${BASE_PATH}/`, s.headers, body);
        codes.push((res.json.Response as { Error?: { Code: string } }).Error?.Code ?? 'ok');
      }
      expect(codes).toEqual(['ok', 'ok', 'RequestLimitExceeded', 'RequestLimitExceeded']);
      const [first, second] = instances as [(typeof instances)[0], (typeof instances)[0]];
      expect(await second.sandbox.readStats()).toEqual({
        calls: { CreateResultDownload: 4, DescribeResultDownload: 0, other: 0, 'cos.download': 0 },
        errors: { RequestLimitExceeded: 2 },
        rejectedForRate: 2,
        maxCallsInOneSecond: 4,
      });
      expect(first.sandbox.stats.rejectedForRate).toBe(1);
    });
  });

  describe('RedisSandboxState', () => {
    /** The same arrivals through both implementations must leave the same figures. */
    async function drive(state: SandboxState) {
      const admitted: boolean[] = [];
      const t0 = Date.UTC(2025, 0, 1, 0, 0, 0, 0);
      for (const [offset, task] of [
        [0, 'a'],
        [10, 'a'],
        [20, null],
        [30, 'b'],
        [1000, 'a'],
        [599_000, null],
        [600_000, 'b'],
      ] as const) {
        admitted.push(
          await state.admitApiCall({ operation: 'op', nowMs: t0 + offset, qps: 3, statusTaskId: task }),
        );
      }
      await state.statusCallEnded('a');
      admitted.push(
        await state.admitApiCall({ operation: 'op', nowMs: t0 + 600_001, qps: 3, statusTaskId: 'a' }),
      );
      await state.countCall('download');
      await state.countError('E1');
      await state.countError('E1');
      const sequence = [
        await state.nextSequence('s', 3),
        await state.nextSequence('s', 3),
        await state.nextSequence('s', 3),
      ];
      const nonces = [
        await state.claimNonce('n', t0, t0 + 60_000),
        await state.claimNonce('n', t0 + 1, t0 + 60_000),
        await state.claimNonce('m', t0, t0 + 60_000),
      ];
      return { admitted, counters: await state.readCounters(), sequence, nonces };
    }

    it('keeps the same figures as the in-process state', async () => {
      const memory = await drive(new MemorySandboxState());
      const shared = await drive(new RedisSandboxState(testDb.redis, { keyPrefix: freshPrefix() }));
      expect(JSON.parse(JSON.stringify(shared))).toEqual(JSON.parse(JSON.stringify(memory)));
      expect(memory.admitted).toEqual([true, true, true, false, true, true, true, true]);
      expect(memory.counters.maxInFlightStatusByTask).toEqual({ a: 3, b: 2 });
      // Second 0 has left the 600-second histogram; 1, 599 and 600 remain.
      expect(Object.keys(memory.counters.callsPerSecond)).toHaveLength(3);
      expect(memory.sequence).toEqual([1, 2, 0]);
      expect(memory.nonces).toEqual([true, false, true]);
    });

    it('resets the counters but not calls in flight or the budget', async () => {
      const keyPrefix = freshPrefix();
      const state = new RedisSandboxState(testDb.redis, { keyPrefix });
      const nowMs = Date.UTC(2025, 0, 1);
      await state.admitApiCall({ operation: 'op', nowMs, qps: 1, statusTaskId: 't' });
      await state.resetCounters();
      expect(await state.readCounters()).toMatchObject({ calls: {}, maxInFlightStatusPerTask: 0 });
      expect(await state.admitApiCall({ operation: 'op', nowMs, qps: 1, statusTaskId: 't' })).toBe(false);
      expect((await state.readCounters()).maxInFlightStatusByTask).toEqual({ t: 2 });
      await state.statusCallEnded('t');
      await state.statusCallEnded('t');
      expect(await testDb.redis.keys(`${keyPrefix}in-flight:*`)).toEqual([]);
    });
  });
});
