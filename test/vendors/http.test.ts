import { afterEach, describe, expect, it } from 'vitest';
import { createVendorHttp, parseVendorJson } from '../../src/vendors/shared/http.js';
import { VendorError } from '../../src/vendors/shared/vendor-error.js';
import { type Stub, startStub } from './stub-server.js';

describe('parseVendorJson', () => {
  it('keeps an int64 beyond Number precision exact, as a string', () => {
    const text = '{"data":{"job_id":1579434053399035904},"status":true,"error_code":0}';
    expect(JSON.parse(text).data.job_id).toBe(1579434053399036000);
    const parsed = parseVendorJson(text) as {
      data: { job_id: unknown };
      status: boolean;
      error_code: unknown;
    };
    expect(parsed.data.job_id).toBe('1579434053399035904');
    expect(parsed.status).toBe(true);
    expect(parsed.error_code).toBe(0);
  });

  it('turns safe integers and ordinary floats into numbers', () => {
    expect(parseVendorJson('[24, -3, 1.5, 1e3, 9007199254740991, -9007199254740993, 0.1]')).toEqual([
      24,
      -3,
      1.5,
      1000,
      9007199254740991,
      '-9007199254740993',
      0.1,
    ]);
  });

  it('is exact on both sides of the fast path (no 16-digit run: plain JSON.parse)', () => {
    expect(parseVendorJson('{"a":999999999999999,"b":"x"}')).toEqual({ a: 999_999_999_999_999, b: 'x' });
    expect(parseVendorJson('{"a":1000000000000000}')).toEqual({ a: 1_000_000_000_000_000 });
    expect(parseVendorJson('{"a":9007199254740993,"s":"1234567890123456"}')).toEqual({
      a: '9007199254740993',
      s: '1234567890123456',
    });
  });

  it('behaves like JSON.parse otherwise (duplicate keys: last wins; invalid JSON throws)', () => {
    expect(parseVendorJson('{"a":1,"a":2,"b":[null,"x",false]}')).toEqual({ a: 2, b: [null, 'x', false] });
    expect(() => parseVendorJson('<html>503</html>')).toThrow(SyntaxError);
  });
});

describe('createVendorHttp', () => {
  let stub: Stub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  it('records exactly one outcome per call and hands the parsed body to interpret', async () => {
    stub = await startStub((req) =>
      req.path.endsWith('/ok') ? { text: '{"id":1579434053399035904}' } : { status: 500, text: 'oops' },
    );
    const records: [string, string][] = [];
    const http = createVendorHttp({
      label: 'PatSnap',
      prefixUrl: `${stub.url}/prefix`,
      record: (op, outcome) => records.push([op, outcome]),
    });
    const body = await http.request(
      'a',
      { method: 'GET', path: '/ok', query: { x: '1' } },
      (res) => res.body,
    );
    expect(body).toEqual({ id: '1579434053399035904' });
    expect(stub.requests[0]?.path).toBe('/prefix/ok');
    expect(stub.requests[0]?.query.get('x')).toBe('1');

    await expect(
      http.request('b', { method: 'GET', path: 'ok' }, () => {
        throw new VendorError('VENDOR_ERROR', 'nope');
      }),
    ).rejects.toThrow('nope');
    const status = await http.request('c', { method: 'POST', path: 'bad', json: { a: 1 } }, (res) => [
      res.status,
      res.body,
      res.text,
    ]);
    expect(status).toEqual([500, undefined, 'oops']);
    expect(records).toEqual([
      ['a', 'ok'],
      ['b', 'vendor_error'],
      ['c', 'http_error'],
    ]);
  });

  it('retries when asked (token fetches), still recording once', async () => {
    let n = 0;
    stub = await startStub(() => (++n < 2 ? { status: 503, text: 'busy' } : { json: { ok: true } }));
    const records: string[] = [];
    const http = createVendorHttp({
      label: 'PatSnap',
      prefixUrl: stub.url,
      retry: 2,
      record: (_op, outcome) => records.push(outcome),
    });
    await expect(
      http.request('t', { method: 'POST', path: 't', body: 'a=b' }, (r) => r.body),
    ).resolves.toEqual({
      ok: true,
    });
    expect(stub.requests).toHaveLength(2);
    expect(records).toEqual(['ok']);
  });

  it('reports network errors as transient VENDOR_UNAVAILABLE without the URL', async () => {
    const probe = await startStub(() => ({ json: {} }));
    const deadUrl = probe.url;
    await probe.close();
    const records: string[] = [];
    const http = createVendorHttp({
      label: 'PatSnap',
      prefixUrl: deadUrl,
      record: (_op, outcome) => records.push(outcome),
    });
    const error = await http
      .request('x', { method: 'GET', path: 'x', query: { apikey: 'secret-client-id' } }, (r) => r.body)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ code: 'VENDOR_UNAVAILABLE', transient: true });
    expect((error as Error).message).not.toContain('secret-client-id');
    expect((error as Error).message).not.toContain('127.0.0.1');
    expect(records).toEqual(['network_error']);
  });
});
