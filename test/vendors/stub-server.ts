import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tiny local HTTP stub for vendor-client tests (port 0, real sockets). */

export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type StubReply =
  | { status?: number; json?: unknown; text?: string; headers?: Record<string, string>; delayMs?: number }
  | 'hang'
  /** Sends status and headers and the start of a body, then stalls. */
  | 'stall-body';

export interface Stub {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:12345 */
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

export async function startStub(
  handler: (req: StubRequest) => StubReply | Promise<StubReply>,
): Promise<Stub> {
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const request: StubRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      void Promise.resolve(handler(request)).then(async (reply) => {
        if (reply === 'hang') return;
        if (reply === 'stall-body') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"data":');
          return;
        }
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        const body = reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
        res.writeHead(reply.status ?? 200, {
          'content-type': reply.text === undefined ? 'application/json' : 'text/html',
          ...reply.headers,
        });
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A PatSnap success envelope. */
export const ok = (data: unknown) => ({ json: { data, status: true, error_code: 0 } });

/** A PatSnap error envelope (HTTP 200 unless given). */
export const fail = (code: number, msg?: string, status = 200) => ({
  status,
  json: { status: false, error_code: code, ...(msg === undefined ? {} : { error_msg: msg }) },
});
