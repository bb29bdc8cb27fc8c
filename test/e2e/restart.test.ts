import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs, SANDBOX_CONTROL_HEADERS, tempDatabasePath } from '../support/app.js';
import { executeOk, subscribeSse, subscribeWs } from '../support/clients.js';
import { GetTask, ListTasks, StartPatentExport, TasksUpdated, TaskUpdated } from '../support/documents.js';
import { freePort, type GatewayProcess, startGatewayProcess } from '../support/process.js';

// The gateway runs as a child process (`node --import tsx src/main.ts`, as `npm start` does) so
// that it can really be killed. Port and database stay the same across restarts, like a deployment.
const running = new Set<GatewayProcess>();
async function start(env: Record<string, string>) {
  const gateway = await startGatewayProcess(env);
  running.add(gateway);
  void gateway.exited.then(() => running.delete(gateway));
  return gateway;
}
afterEach(() => {
  for (const gateway of running) gateway.child.kill('SIGKILL');
});
afterAll(() => removeTempDirs());

async function sandboxStats(origin: string) {
  const response = await fetch(`${origin}/sandbox/patsnap/_stats`, { headers: SANDBOX_CONTROL_HEADERS });
  return (await response.json()) as { calls: Record<string, number> };
}

describe('restart', () => {
  it('SIGKILL while tasks are RUNNING: after a restart every task succeeds, none lost or duplicated', async () => {
    const env = {
      PORT: String(await freePort()),
      DATABASE_PATH: tempDatabasePath(),
      SANDBOX_TASK_MS: '2500',
      POLL_INITIAL_MS: '100',
      POLL_MAX_MS: '300',
      LOG_LEVEL: 'debug',
    };
    const count = 20;
    const first = await start(env);

    const watcher = subscribeWs(first.url, TasksUpdated, { status: ['RUNNING'] });
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const data = await executeOk(first.url, StartPatentExport, {
        input: { queryText: `restart ${i}`, fields: ['PN'], exportType: 'CSV', rows: 3 },
      });
      ids.push(data.startPatentExport.task.id);
    }
    const seenRunning = new Set<string>();
    await watcher.waitFor((event) => {
      seenRunning.add(event.tasksUpdated.id);
      return seenRunning.size === count;
    });
    watcher.stop();

    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const second = await start(env);
    expect(second.output()).toMatch(new RegExp(`"resumed":${count}`));
    const subs = ids.map((id) => subscribeWs(second.url, TaskUpdated, { id }));
    await Promise.all(subs.map((s) => s.done));
    for (const sub of subs) {
      const final = sub.events.at(-1)?.taskUpdated;
      expect(final?.status).toBe('SUCCEEDED');
      expect(final?.downloadUrl).toBeTruthy();
      expect(final?.history.filter((h) => h.status === 'SUCCEEDED')).toHaveLength(1);
    }

    const listed = (await executeOk(second.url, ListTasks, { first: 100 })).tasks.edges;
    expect(listed.map((e) => e.node.id).sort()).toEqual([...ids].sort());
    expect(listed.every((e) => e.node.status === 'SUCCEEDED')).toBe(true);
    // The restarted gateway only polled: it created nothing again at the vendor.
    expect((await sandboxStats(second.origin)).calls['export.create']).toBe(0);

    const file = await fetch(subs[0]?.events.at(-1)?.taskUpdated.downloadUrl ?? '');
    expect(file.status).toBe(200);

    // Even at debug level, no credential or URL signature reaches the log.
    for (const output of [first.output(), second.output()]) {
      expect(output).not.toContain('sandbox-client-secret');
      expect(output).not.toMatch(/access_token"\s*:\s*"[^[]|X-Amz-Signature=|Bearer [A-Za-z0-9]/);
    }
  });

  it('SIGTERM completes open subscriptions on both transports, exits 0 and keeps the task', async () => {
    const env = {
      PORT: String(await freePort()),
      DATABASE_PATH: tempDatabasePath(),
      SANDBOX_TASK_MS: '600000',
    };
    const first = await start(env);
    const { task } = (
      await executeOk(first.url, StartPatentExport, {
        input: { queryText: 'graceful', fields: ['PN'], exportType: 'CSV', rows: 3 },
      })
    ).startPatentExport;
    const ws = subscribeWs(first.url, TaskUpdated, { id: task.id });
    const sse = subscribeSse(first.url, TaskUpdated, { id: task.id });
    await ws.waitFor(() => true);
    await sse.waitFor(() => true);

    first.child.kill('SIGTERM');
    await expect(ws.done).resolves.toBeUndefined();
    await expect(sse.done).resolves.toBeUndefined();
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('gateway stopped');

    const second = await start(env);
    const again = await executeOk(second.url, GetTask, { id: task.id });
    expect(again.task?.id).toBe(task.id);
    expect(['QUEUED', 'RUNNING']).toContain(again.task?.status);
  });
});
