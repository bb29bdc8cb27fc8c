import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local HTTP server that misbehaves the ways a vendor (or what stands in front of it) can: bodies
 * that are not JSON, cut short, reset, enormous or endless, HTML error pages and JSON of the wrong
 * shape, all with HTTP 200. Each request is answered by `handler` with a well-formed reply or a fault.
 */

export const FAULTS = [
  'malformed-json',
  'truncated-body',
  'connection-reset',
  'huge-body',
  'endless-body',
  'html-200',
  'foreign-json',
  'wrong-shape',
] as const;
export type Fault = (typeof FAULTS)[number];

export const FAULT_LABELS: Record<Fault, string> = {
  'malformed-json': 'malformed JSON',
  'truncated-body': 'truncated body (Content-Length > sent, then close)',
  'connection-reset': 'connection reset mid-response',
  'huge-body': '50 MB body',
  'endless-body': 'body that never ends',
  'html-200': 'HTTP 200 with an HTML error page',
  'foreign-json': "HTTP 200, valid JSON that is not the vendor's envelope",
  'wrong-shape': "HTTP 200, the vendor's success envelope with a payload of the wrong shape",
};

export const HUGE_BODY_BYTES = 50 * 1024 * 1024;

export interface FaultRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type FaultReply =
  | { json: unknown; status?: number }
  /** `wrongShape`: the body sent for the `wrong-shape` fault (it depends on the vendor's envelope). */
  | { fault: Fault; wrongShape?: unknown };

export interface FaultStub {
  url: string;
  requests: FaultRequest[];
  /** Bytes written for each `huge-body` answer before the client went away (or all of them). */
  hugeBodyBytesSent: number[];
  close(): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function sendFault(res: ServerResponse, fault: Fault, wrongShape: unknown, stub: FaultStub): void {
  const socket = res.socket as Socket;
  switch (fault) {
    case 'malformed-json':
      res.writeHead(200, JSON_HEADERS);
      res.end('{"data":{"task_id":"t-1","status":tru');
      return;
    case 'truncated-body':
      res.writeHead(200, { ...JSON_HEADERS, 'content-length': '1000' });
      res.write('{"data":{"task_id":"t-1",', () => socket.end());
      return;
    case 'connection-reset':
      res.writeHead(200, JSON_HEADERS);
      res.write('{"data":{"task_id":', () => socket.destroy());
      return;
    case 'huge-body': {
      // Chunked, so only counting the bytes as they arrive can stop it; written with backpressure so
      // that the count says how much the client really took before it gave up.
      res.writeHead(200, JSON_HEADERS);
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const index = stub.hugeBodyBytesSent.push(0) - 1;
      res.write('{"data":"');
      const pump = () => {
        while (sent < HUGE_BODY_BYTES) {
          sent += chunk.length;
          stub.hugeBodyBytesSent[index] = sent;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('"}');
      };
      res.on('close', () => {
        stub.hugeBodyBytesSent[index] = sent;
      });
      pump();
      return;
    }
    case 'endless-body': {
      res.writeHead(200, JSON_HEADERS);
      res.write('{"data":');
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case 'html-200':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>',
      );
      return;
    case 'foreign-json':
      res.writeHead(200, JSON_HEADERS);
      res.end(JSON.stringify({ message: 'OK', items: [1, 2, 3], next: null }));
      return;
    case 'wrong-shape':
      res.writeHead(200, JSON_HEADERS);
      res.end(JSON.stringify(wrongShape ?? { unexpected: true }));
      return;
  }
}

export async function startFaultStub(
  handler: (req: FaultRequest) => FaultReply | Promise<FaultReply>,
): Promise<FaultStub> {
  const stub: FaultStub = {
    url: '',
    requests: [],
    hugeBodyBytesSent: [],
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const request: FaultRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      stub.requests.push(request);
      void Promise.resolve(handler(request)).then((reply) => {
        if ('fault' in reply) return sendFault(res, reply.fault, reply.wrongShape, stub);
        res.writeHead(reply.status ?? 200, JSON_HEADERS);
        res.end(JSON.stringify(reply.json));
      });
    });
  });
  // A reset socket makes the server emit clientError on the next request of that connection; ignore.
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  stub.url = `http://127.0.0.1:${port}`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}
