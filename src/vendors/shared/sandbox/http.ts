/** Small `node:http` helpers shared by the vendor sandboxes. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body exceeds ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads the whole request body, refusing more than `limitBytes` so a runaway client cannot exhaust
 * memory. On overflow the rest of the body is drained and discarded, which lets the caller still
 * answer on the same connection.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.off('data', onData);
        req.resume();
        reject(new BodyTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

export function sendBody(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | number>,
  body: string | Buffer,
  headOnly = false,
): void {
  if (res.headersSent || res.destroyed) return;
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...headers, 'Content-Length': bytes.length });
  res.end(headOnly ? undefined : bytes);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendBody(res, status, { 'Content-Type': 'application/json; charset=utf-8' }, JSON.stringify(body));
}

/** True when the client went away before we answered: there is nobody left to answer. */
export function clientGone(res: ServerResponse): boolean {
  return res.destroyed || (res.closed && !res.writableEnded);
}

/**
 * Waits `ms`, or less if the client disconnects first (resolves false then). The timer is unref'd
 * so a long simulated stall never keeps the process alive on its own.
 */
export function delayUnlessClientGone(res: ServerResponse, ms: number): Promise<boolean> {
  if (clientGone(res)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(true);
    }, ms);
    timer.unref();
    res.once('close', onClose);
  });
}

/** The path below `basePath` ('/' for basePath itself), or undefined for a path outside it. */
export function pathBelow(basePath: string, pathname: string): string | undefined {
  if (pathname === basePath) return '/';
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : undefined;
}

/** A request header as received; several values joined with `,`. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}
