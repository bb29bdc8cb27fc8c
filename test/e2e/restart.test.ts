import { createClient } from 'graphql-ws';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { removeTempDirs, SANDBOX_CONTROL_HEADERS, tempDatabasePath } from '../support/app.js';
import { execute, executeOk, subscribeSse, subscribeWs, wsUrl } from '../support/clients.js';
import { GetTask, ListTasks, StartPatentExport, TasksUpdated, TaskUpdated } from '../support/documents.js';
import { freePort, type GatewayProcess, startGatewayProcess } from '../support/process.js';

// The gateway runs as a child process (`node --import tsx src/main.ts`, as `npm run dev` does) so
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

  it('SIGKILL during a burst of 50 starts: each answered start is tracked, each other one is tracked or FAILED as a possible orphan', async () => {
    const env = {
      PORT: String(await freePort()),
      DATABASE_PATH: tempDatabasePath(),
      SANDBOX_TASK_MS: '60000',
      PATSNAP_TIMEOUT_MS: '30000',
    };
    const first = await start(env);
    // Half the creates stall at the vendor, so that the kill finds them between the call and its answer.
    const fault = await fetch(`${first.origin}/sandbox/patsnap/_faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...SANDBOX_CONTROL_HEADERS },
      body: JSON.stringify({ operation: 'export.create', kind: 'timeout', delayMs: 25_000, times: 25 }),
    });
    expect(fault.status).toBe(200);
    const inputOf = (i: number) => ({
      queryText: `burst ${i}`,
      fields: ['PN'],
      exportType: 'CSV' as const,
      rows: 3,
      idempotencyKey: `burst-${i}`,
    });
    const answered = new Map<number, string>();
    let onAnswer: () => void = () => {};
    const twentyAnswered = new Promise<void>((resolve) => {
      onAnswer = () => answered.size >= 20 && resolve();
    });
    const calls = Array.from({ length: 50 }, (_, i) =>
      execute(first.url, StartPatentExport, { input: inputOf(i) }).then(
        (result) => {
          const id = result.data?.startPatentExport.task.id;
          if (id) answered.set(i, id);
          onAnswer();
        },
        () => {},
      ),
    );
    await twentyAnswered;
    first.child.kill('SIGKILL');
    await first.exited;
    await Promise.all(calls);

    const second = await start(env);
    expect(second.output()).toMatch(/"reconciled":[1-9]/);
    const outcomes = { answered: 0, orphan: 0, startedAfterRestart: 0 };
    for (let i = 0; i < 50; i++) {
      const task = (await executeOk(second.url, StartPatentExport, { input: inputOf(i) })).startPatentExport
        .task;
      const before = answered.get(i);
      if (before) {
        expect(task.id).toBe(before);
        expect(task.status).not.toBe('FAILED');
        outcomes.answered += 1;
      } else if (task.status === 'FAILED') {
        expect(task.error?.code).toBe('START_OUTCOME_UNKNOWN');
        outcomes.orphan += 1;
      } else {
        outcomes.startedAfterRestart += 1;
      }
    }
    expect(outcomes.answered).toBe(answered.size);
    expect(outcomes.orphan).toBeGreaterThan(0);
    // One task per key, whatever happened to it.
    expect((await executeOk(second.url, ListTasks, { first: 100 })).tasks.edges).toHaveLength(50);
  });

  it('SIGTERM is a restart, not an end: graphql-ws (1012) and SSE clients reconnect and see the task finish on the new process', async () => {
    const env = {
      PORT: String(await freePort()),
      DATABASE_PATH: tempDatabasePath(),
      // Long enough that the task is still running when the second process takes over.
      SANDBOX_TASK_MS: '5000',
    };
    const first = await start(env);
    const { task } = (
      await executeOk(first.url, StartPatentExport, {
        input: { queryText: 'graceful', fields: ['PN'], exportType: 'CSV', rows: 3 },
      })
    ).startPatentExport;
    const closeCodes: number[] = [];
    const client = createClient({
      url: wsUrl(first.url),
      webSocketImpl: WebSocket,
      retryAttempts: 1000,
      retryWait: () => new Promise((resolve) => setTimeout(resolve, 50)),
      shouldRetry: () => true,
      on: { closed: (event) => void closeCodes.push((event as { code: number }).code) },
    });
    const ws = subscribeWs(first.url, TaskUpdated, { id: task.id }, { client });
    const sse = subscribeSseAcrossRestarts(first.url, task.id);
    await ws.waitFor(() => true);
    await sse.waitFor(() => true);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('gateway stopped');
    expect(closeCodes).toContain(1012);
    // Not finished: neither transport was told `complete`.
    expect(ws.events.at(-1)?.taskUpdated.status).not.toBe('SUCCEEDED');

    const second = await start(env);
    await ws.done;
    await sse.done;
    expect(ws.events.at(-1)?.taskUpdated.status).toBe('SUCCEEDED');
    expect(sse.events.at(-1)?.taskUpdated.status).toBe('SUCCEEDED');
    expect(sse.reconnects).toBeGreaterThanOrEqual(1);
    const again = await executeOk(second.url, GetTask, { id: task.id });
    expect(again.task?.status).toBe('SUCCEEDED');
    await client.dispose();
  });
});

/**
 * An SSE subscriber as a browser's EventSource behaves: a stream that ends without `complete` (or
 * cannot connect) is opened again after a short pause, until one ends with `complete`.
 */
function subscribeSseAcrossRestarts(url: string, id: string) {
  const events: { taskUpdated: { status: string } }[] = [];
  const waiters: (() => void)[] = [];
  let reconnects = 0;
  const done = (async () => {
    for (;;) {
      const attempt = subscribeSse(url, TaskUpdated, { id });
      const relay = setInterval(() => {
        while (attempt.events.length > 0) {
          const event = attempt.events.shift();
          if (event) events.push(event);
          for (const waiter of waiters.splice(0)) waiter();
        }
      }, 10);
      const outcome = await attempt.done.then(
        () => 'complete' as const,
        () => 'dropped' as const,
      );
      clearInterval(relay);
      events.push(...attempt.events.splice(0));
      for (const waiter of waiters.splice(0)) waiter();
      if (outcome === 'complete' && attempt.errors.length === 0) return;
      reconnects += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    events,
    done,
    get reconnects() {
      return reconnects;
    },
    waitFor: (predicate: () => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => (predicate() && events.length > 0 ? resolve() : waiters.push(check));
        check();
      }),
  };
}
