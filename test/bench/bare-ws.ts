/**
 * The delivery benchmark's baseline: a bare `ws` server that speaks just enough graphql-transport-ws
 * (connection_init -> connection_ack, ping -> pong, subscribe -> one snapshot `next`, complete) and,
 * on `POST /broadcast`, sends every open subscription one pre-serialized `next` (the final
 * SUCCEEDED state) and then `complete`. Every string is built before the clock starts: the payload's
 * `updatedAt` is an instant a little in the future (`leadMs`), the server waits for it and then only
 * sends. The client computes delivery = receipt - updatedAt exactly as for the gateway. Run as a
 * child process by fan-out.ts; prints the line it waits for.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** Shaped like the gateway's taskUpdated answer (TASK_UPDATED in lib/subscribers.ts). */
interface TaskUpdated {
  status: string;
  vendorStatus: string | null;
  downloadUrl: string | null;
  updatedAt: string;
  pollCount: number;
}

const DEFAULT_FINAL: Omit<TaskUpdated, 'updatedAt'> = {
  status: 'SUCCEEDED',
  vendorStatus: 'SUCCESS',
  downloadUrl: `http://127.0.0.1:4000/sandbox/patsnap/files/${'x'.repeat(180)}.csv`,
  pollCount: 11,
};

const snapshot = JSON.stringify({
  data: {
    taskUpdated: {
      status: 'RUNNING',
      vendorStatus: 'PENDING',
      downloadUrl: null,
      updatedAt: new Date().toISOString(),
      pollCount: 1,
    } satisfies TaskUpdated,
  },
});

/** Open subscription ids per socket, in subscription order. */
const open = new Map<WebSocket, Set<string>>();

const frame = (id: string, type: 'next' | 'complete', payload?: string) =>
  payload === undefined
    ? `{"id":${JSON.stringify(id)},"type":"${type}"}`
    : `{"id":${JSON.stringify(id)},"type":"${type}","payload":${payload}}`;

function onMessage(socket: WebSocket, data: unknown): void {
  let message: { type?: string; id?: string };
  try {
    message = JSON.parse(String(data)) as { type?: string; id?: string };
  } catch {
    socket.close(4400, 'Invalid message received');
    return;
  }
  switch (message.type) {
    case 'connection_init':
      socket.send('{"type":"connection_ack"}');
      return;
    case 'ping':
      socket.send('{"type":"pong"}');
      return;
    case 'subscribe':
      if (typeof message.id !== 'string') return;
      open.get(socket)?.add(message.id);
      // Snapshot first, as the gateway answers a new subscription with the task's current state.
      socket.send(frame(message.id, 'next', snapshot));
      return;
    case 'complete':
      if (typeof message.id === 'string') open.get(socket)?.delete(message.id);
      return;
    default:
      return;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

/** Sends the final state to every open subscription; answers with what it did and when. */
async function broadcast(body: string): Promise<Record<string, unknown>> {
  const input = (body ? JSON.parse(body) : {}) as {
    taskUpdated?: Partial<Omit<TaskUpdated, 'updatedAt'>>;
    leadMs?: number;
  };
  const prepareStart = Date.now();
  const startAt = prepareStart + (input.leadMs ?? 100);
  const final = { ...DEFAULT_FINAL, ...input.taskUpdated };
  const taskUpdated: TaskUpdated = {
    status: final.status,
    vendorStatus: final.vendorStatus,
    downloadUrl: final.downloadUrl,
    updatedAt: new Date(startAt).toISOString(),
    pollCount: final.pollCount,
  };
  const payload = JSON.stringify({ data: { taskUpdated } });
  const sends: { socket: WebSocket; next: string[]; complete: string[] }[] = [];
  let subscriptions = 0;
  for (const [socket, ids] of open) {
    const next: string[] = [];
    const complete: string[] = [];
    for (const id of ids) {
      next.push(frame(id, 'next', payload));
      complete.push(frame(id, 'complete'));
    }
    subscriptions += ids.size;
    ids.clear();
    sends.push({ socket, next, complete });
  }
  const preparedAt = Date.now();
  // Wait for the instant stamped into the payload: a timer for most of it, then a short spin.
  const rest = startAt - Date.now() - 5;
  if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  while (Date.now() < startAt) {
    // spin until the stamped instant
  }
  const sendStart = Date.now();
  for (const { socket, next } of sends) for (const message of next) socket.send(message);
  const nextsSentAt = Date.now();
  for (const { socket, complete } of sends) for (const message of complete) socket.send(message);
  return {
    subscriptions,
    sockets: sends.length,
    updatedAt: taskUpdated.updatedAt,
    prepareMs: preparedAt - prepareStart,
    /** > 0 when preparing took longer than the lead: the clock started late by this much. */
    overrunMs: Math.max(0, sendStart - startAt),
    sendNextMs: nextsSentAt - sendStart,
    messageBytes: Buffer.byteLength(frame('1', 'next', payload)),
  };
}

const server = createServer((request, response) => {
  if (request.method === 'POST' && request.url === '/broadcast') {
    readBody(request)
      .then(broadcast)
      .then(
        (result) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(result));
        },
        (error: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(error instanceof Error ? error.message : String(error));
        },
      );
    return;
  }
  if (request.method === 'GET' && request.url === '/stats') {
    let subscriptions = 0;
    for (const ids of open.values()) subscriptions += ids.size;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ sockets: open.size, subscriptions }));
    return;
  }
  response.writeHead(404);
  response.end();
});

// graphql-ws clients ask for this subprotocol; ws picks the first one offered.
const wss = new WebSocketServer({ server, path: '/graphql' });
wss.on('connection', (socket) => {
  open.set(socket, new Set());
  socket.on('message', (data) => onMessage(socket, data));
  socket.on('close', () => open.delete(socket));
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`bare ws listening on http://127.0.0.1:${port}/graphql\n`);
});

const stop = () => {
  for (const socket of open.keys()) socket.terminate();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
