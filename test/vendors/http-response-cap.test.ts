import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createVendorHttp, DEFAULT_MAX_RESPONSE_BYTES } from '../../src/vendors/shared/http.js';
import { VendorError } from '../../src/vendors/shared/vendor-error.js';

/** The response size cap of the shared vendor HTTP layer (the fault matrix covers a 50 MB stream). */

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Answers with `size` bytes of a JSON string, declared up front or chunked; counts what it wrote. */
async function serve(size: number, declare: boolean): Promise<{ url: string; written: () => number }> {
  let written = 0;
  server = createServer((_req, res) => {
    const body = Buffer.from(`{"a":"${'x'.repeat(Math.max(0, size - 8))}"}`);
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(declare ? { 'content-length': String(body.length) } : {}),
    });
    const chunk = 16 * 1024;
    const pump = () => {
      while (written < body.length) {
        const part = body.subarray(written, written + chunk);
        written += part.length;
        if (!res.write(part)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, written: () => written };
}

const records: string[] = [];
const http = (url: string, maxResponseBytes?: number) =>
  createVendorHttp({
    label: 'PatSnap',
    prefixUrl: url,
    timeoutMs: 5_000,
    record: (_op, outcome) => records.push(outcome),
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
  });

describe('vendor response size cap', () => {
  it('defaults to 10 MB', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(10 * 1024 * 1024);
  });

  it('reads a body at the cap, refuses one byte more, declared or streamed', async () => {
    for (const declare of [true, false]) {
      const atCap = await serve(100_000, declare);
      await expect(
        http(atCap.url, 100_000).request('x', { method: 'GET', path: 'x' }, (r) => r.text.length),
      ).resolves.toBe(100_000);
      await new Promise<void>((resolve) => server?.close(() => resolve()));

      const over = await serve(100_001, declare);
      const error = await http(over.url, 100_000)
        .request('x', { method: 'GET', path: 'x' }, (r) => r.text.length)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VendorError);
      expect(error).toMatchObject({
        code: 'VENDOR_UNAVAILABLE',
        transient: true,
        unanswered: true,
        message: 'PatSnap: response larger than 100000 bytes',
      });
      server?.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      server = undefined;
    }
  });

  it('stops reading a streamed body as it passes the cap', async () => {
    const big = await serve(40 * 1024 * 1024, false);
    const error = await http(big.url, 1024 * 1024)
      .request('x', { method: 'GET', path: 'x' }, () => 'read')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'VENDOR_UNAVAILABLE',
      message: expect.stringContaining('larger than'),
    });
    await new Promise((r) => setTimeout(r, 100));
    // The cap plus what the sockets buffered on both sides, not the 40 MB.
    expect(big.written()).toBeLessThan(8 * 1024 * 1024);
    expect(records.at(-1)).toBe('vendor_error');
  });
});
