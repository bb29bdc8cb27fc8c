import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { removeTempDirs, SANDBOX_CONTROL_HEADERS } from '../support/app.js';
import { executeOk, subscribeWs, wsUrl } from '../support/clients.js';
import { ListTasks, StartPatentExport, TaskUpdated } from '../support/documents.js';
import { freePort, type GatewayProcess, startGatewayProcess } from '../support/process.js';

// Three gateway processes on one Redis, as `npm start` runs them with REDIS_URL set. They are
// child processes so that one can really be killed. CI always sets REDIS_URL.
const REDIS_URL = process.env.REDIS_URL;
// Far above what 300 tasks need, so that neither run below waits for the budget and both poll on the
// policy's schedule; the budget itself is checked by the last test, with a deployment of its own.
const QPS = 1000;

interface ClusterStats {
  calls: Record<string, number>;
  maxInFlightStatusPerTask: number;
  maxCallsInOneSecond: number;
  rejectedForRate: number;
}

describe.skipIf(!REDIS_URL)('three instances on one Redis', () => {
  const prefix = `gwtest-${randomUUID().slice(0, 8)}:`;
  const running = new Set<GatewayProcess>();
  let ports: number[] = [];

  // Polls every 1 s after creation (no jitter) and a 2.5 s vendor task: at most three polls per task.
  const envFor = (port: number, keyPrefix: string, qps: number): Record<string, string> => ({
    PORT: String(port),
    REDIS_URL: REDIS_URL ?? '',
    REDIS_KEY_PREFIX: keyPrefix,
    SANDBOX: 'on',
    SANDBOX_TASK_MS: '2500',
    POLL_INITIAL_MS: '1000',
    POLL_MAX_MS: '1000',
    POLL_JITTER: '0',
    POLL_TAKEOVER_MS: '2000',
    PATSNAP_QPS: String(qps),
  });
  async function start(port: number, keyPrefix = prefix, qps = QPS) {
    const node = await startGatewayProcess(envFor(port, keyPrefix, qps));
    running.add(node);
    void node.exited.then(() => running.delete(node));
    return node;
  }
  const startAll = () => Promise.all(ports.map((port) => start(port)));
  async function stats(node: GatewayProcess): Promise<ClusterStats> {
    return (await (
      await fetch(`${node.origin}/sandbox/patsnap/_stats`, { headers: SANDBOX_CONTROL_HEADERS })
    ).json()) as ClusterStats;
  }
  async function resetStats(node: GatewayProcess) {
    await fetch(`${node.origin}/sandbox/patsnap/_stats/reset`, {
      method: 'POST',
      headers: SANDBOX_CONTROL_HEADERS,
    });
  }

  /** Starts `count` exports round-robin over `nodes`; returns their ids. */
  async function startExports(nodes: GatewayProcess[], count: number, label: string): Promise<string[]> {
    const ids: string[] = [];
    for (let batch = 0; batch < count; batch += 50) {
      const created = await Promise.all(
        Array.from({ length: Math.min(50, count - batch) }, async (_, j) => {
          const i = batch + j;
          const node = nodes[i % nodes.length] as GatewayProcess;
          const data = await executeOk(node.url, StartPatentExport, {
            input: { queryText: `${label} ${i}`, fields: ['PN'], exportType: 'CSV', rows: 3 },
          });
          return data.startPatentExport.task.id;
        }),
      );
      ids.push(...created);
    }
    return ids;
  }

  beforeAll(async () => {
    ports = [await freePort(), await freePort(), await freePort()];
  });
  afterAll(async () => {
    for (const node of running) node.child.kill('SIGKILL');
    const redis = new Redis(REDIS_URL ?? '');
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
    removeTempDirs();
  });

  it('300 tasks over three instances: one poll in flight per task, no more polls than the policy allows', async () => {
    const nodes = await startAll();
    await resetStats(nodes[0] as GatewayProcess);
    const ids = await startExports(nodes, 300, 'cluster');
    // Every task is watched through an instance other than the one that created it.
    const clients = nodes.map((node) =>
      createClient({ url: wsUrl(node.url), webSocketImpl: WebSocket, retryAttempts: 0 }),
    );
    const subs = ids.map((id, i) =>
      subscribeWs(nodes[(i + 1) % 3]?.url ?? '', TaskUpdated, { id }, { client: clients[(i + 1) % 3] }),
    );
    await Promise.all(subs.map((s) => s.done));
    await Promise.all(clients.map((c) => c.dispose()));

    for (const sub of subs) expect(sub.events.at(-1)?.taskUpdated.status).toBe('SUCCEEDED');
    const cluster = await stats(nodes[1] as GatewayProcess);
    expect(cluster.maxInFlightStatusPerTask).toBe(1);
    expect(cluster.maxCallsInOneSecond).toBeLessThanOrEqual(QPS);
    expect(cluster.rejectedForRate).toBe(0);
    const clusterCalls = cluster.calls['export.status'] ?? 0;
    // Every vendor call was a poll the task recorded: no instance polled behind another's back.
    const pollCounts = subs.map((s) => s.events.at(-1)?.taskUpdated.pollCount ?? 0);
    expect(clusterCalls).toBe(pollCounts.reduce((sum, n) => sum + n, 0));
    // Polls are at least 1 s apart and the vendor task takes 2.5 s: the third poll is at or after the
    // vendor's success, so no task can need a fourth, however slow the machine (late polls only mean
    // fewer). A second instance polling the same task would break this.
    expect(Math.max(...pollCounts)).toBeLessThanOrEqual(3);
  });

  it('a killed instance: its tasks are taken over and its subscribers reconnect elsewhere and see them finish', async () => {
    const nodes = [...running].filter((n) => ports.includes(Number(new URL(n.origin).port)));
    expect(nodes).toHaveLength(3);
    const victim = nodes[2] as GatewayProcess;
    const survivors = nodes.slice(0, 2);
    const ids = await startExports([victim], 30, 'takeover');

    let alive = [victim, ...survivors];
    let connects = 0;
    const client = createClient({
      // Each (re)connect goes to an instance that is still up.
      url: () => wsUrl((alive[0] as GatewayProcess).url),
      webSocketImpl: WebSocket,
      retryAttempts: 10,
      retryWait: async () => {},
      shouldRetry: () => true,
      on: { connected: () => connects++ },
    });
    const subs = ids.map((id) => subscribeWs(victim.url, TaskUpdated, { id }, { client }));
    await Promise.all(subs.map((s) => s.waitFor((e) => e.taskUpdated.status === 'RUNNING')));

    alive = survivors;
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');

    await Promise.all(subs.map((s) => s.done));
    await client.dispose();
    expect(connects).toBeGreaterThanOrEqual(2);
    for (const sub of subs) {
      const final = sub.events.at(-1)?.taskUpdated;
      expect(final?.status).toBe('SUCCEEDED');
      expect(final?.history.filter((h) => h.status === 'SUCCEEDED')).toHaveLength(1);
    }
  });

  it('all instances restarted: nothing is lost', async () => {
    const nodes = await Promise.all(
      ports.map(async (port) => {
        const up = [...running].find((n) => new URL(n.origin).port === String(port));
        return up ?? start(port);
      }),
    );
    const ids = await startExports(nodes, 30, 'restart');
    for (const node of nodes) node.child.kill('SIGKILL');
    await Promise.all(nodes.map((n) => n.exited));

    const again = await startAll();
    const subs = ids.map((id, i) => subscribeWs(again[i % 3]?.url ?? '', TaskUpdated, { id }));
    await Promise.all(subs.map((s) => s.done));
    for (const sub of subs) expect(sub.events.at(-1)?.taskUpdated.status).toBe('SUCCEEDED');

    const listed = (await executeOk(again[0]?.url ?? '', ListTasks, { first: 100 })).tasks.edges.map(
      (e) => e.node.id,
    );
    for (const id of ids) expect(listed).toContain(id);
  });

  it('the vendor never sees more than its rate, however many instances call it', async () => {
    const qps = 20;
    const trio = await Promise.all([0, 1, 2].map(async () => start(await freePort(), `${prefix}rate:`, qps)));
    await resetStats(trio[0] as GatewayProcess);
    const ids = await startExports(trio, 45, 'rate');
    await Promise.all(ids.map((id, i) => subscribeWs(trio[i % 3]?.url ?? '', TaskUpdated, { id }).done));
    const seen = await stats(trio[2] as GatewayProcess);
    // 45 creates and ~135 polls at 20 per second: several full seconds, none above the budget.
    expect((seen.calls['export.status'] ?? 0) + (seen.calls['export.create'] ?? 0)).toBeGreaterThan(4 * qps);
    expect(seen.maxCallsInOneSecond).toBeLessThanOrEqual(qps);
    expect(seen.maxCallsInOneSecond).toBeGreaterThanOrEqual(qps - 3);
    expect(seen.rejectedForRate).toBe(0);
    for (const node of trio) node.child.kill('SIGTERM');
  });
});
