/**
 * The poll-CPU benchmark's baseline: the least a poller can do for the same work as the gateway. It
 * polls the sandbox's status endpoint (P055 `GET {base}/patent-search/task?task_id=…&apikey=…` with
 * `authorization: Bearer <token>`, as src/vendors/patsnap/client.ts calls it) for the given vendor
 * task ids, round-robin, at `BARE_POLL_RATE` calls per second evenly spread, with undici's
 * `request()` over keep-alive connections, and reads and JSON-parses every answer. No store, no
 * events, no scheduler beyond one timer. Run as a child process by idle-cost.ts, which measures its
 * CPU from /proc; `GET /stats` on the port it prints tells how many polls it made.
 *
 * Environment: BARE_POLL_BASE (the vendor base URL), BARE_POLL_TOKEN (a client-credentials token),
 * BARE_POLL_CLIENT_ID (the apikey), BARE_POLL_IDS_FILE (JSON array of vendor task ids),
 * BARE_POLL_RATE (calls per second), PORT.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`bare-poller: ${name} is not set`);
  return value;
};

const base = env('BARE_POLL_BASE');
const token = env('BARE_POLL_TOKEN');
const clientId = env('BARE_POLL_CLIENT_ID');
const ids = JSON.parse(readFileSync(env('BARE_POLL_IDS_FILE'), 'utf8')) as string[];
const rate = Number(env('BARE_POLL_RATE'));
if (!ids.length || !(rate > 0)) throw new Error('bare-poller: no ids or no rate');

const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
const headers = { authorization: `Bearer ${token}` };
const stats = { ok: 0, failed: 0, inFlight: 0 };

async function poll(id: string): Promise<void> {
  stats.inFlight++;
  try {
    const { statusCode, body } = await request(
      `${base}/patent-search/task?task_id=${encodeURIComponent(id)}&apikey=${clientId}`,
      { method: 'GET', headers, dispatcher },
    );
    const parsed = (await body.json()) as { status?: boolean; data?: { export_status?: string } };
    if (statusCode === 200 && parsed.status === true && typeof parsed.data?.export_status === 'string') {
      stats.ok++;
    } else {
      stats.failed++;
    }
  } catch {
    stats.failed++;
  } finally {
    stats.inFlight--;
  }
}

// Call k is due at t0 + k / rate; one timer wakes for the next due call and issues all that are due.
const t0 = performance.now();
const spacingMs = 1000 / rate;
let issued = 0;
function tick(): void {
  const now = performance.now();
  const due = Math.floor((now - t0) / spacingMs) + 1;
  while (issued < due) {
    void poll(ids[issued % ids.length] as string);
    issued++;
  }
  const next = t0 + issued * spacingMs;
  setTimeout(tick, Math.max(0, next - performance.now()));
}
tick();

const server = createServer((req, res) => {
  if (req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...stats, issued, rate, tasks: ids.length }));
    return;
  }
  res.writeHead(404);
  res.end();
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`bare poller listening on http://127.0.0.1:${port}/stats\n`);
});

const stop = () => {
  server.close();
  void dispatcher.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
