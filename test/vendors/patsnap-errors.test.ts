import { describe, expect, it } from 'vitest';
import { mapPatSnapError, PATSNAP_ERRORS } from '../../src/vendors/patsnap/error-codes.js';
import { VendorError } from '../../src/vendors/shared/vendor-error.js';

describe('mapPatSnapError', () => {
  const table: [number, string, boolean][] = [
    [67200002, 'RATE_LIMITED', true],
    [67200100, 'VENDOR_UNAVAILABLE', true],
    [68300008, 'VENDOR_UNAVAILABLE', true],
    [67200000, 'VENDOR_UNAVAILABLE', true],
    [67200003, 'UNAUTHENTICATED', false],
    [67200008, 'UNAUTHENTICATED', false],
    [67200009, 'UNAUTHENTICATED', false],
    [67200202, 'UNAUTHENTICATED', false],
    [67200004, 'FORBIDDEN', false],
    [67200203, 'FORBIDDEN', false],
    [67200001, 'QUOTA_EXCEEDED', false],
    [67200005, 'QUOTA_EXCEEDED', false],
    [67200006, 'QUOTA_EXCEEDED', false],
    [67200007, 'QUOTA_EXCEEDED', false],
    [68300004, 'VENDOR_ERROR', false],
    [68300007, 'VENDOR_ERROR', false],
    [68300010, 'VENDOR_ERROR', false],
    [68300005, 'VENDOR_ERROR', false],
    [68300006, 'VENDOR_ERROR', false],
    [68300013, 'NOT_FOUND', false],
    [67200101, 'VENDOR_ERROR', false],
    [67200012, 'VENDOR_ERROR', false],
    [12345678, 'VENDOR_ERROR', false],
  ];

  it.each(table)('%i -> %s (transient: %s)', (code, expected, transient) => {
    const error = mapPatSnapError(code, 'some vendor text');
    expect(error).toBeInstanceOf(VendorError);
    expect(error.code).toBe(expected);
    expect(error.transient).toBe(transient);
    expect(error.vendorCode).toBe(String(code));
    expect(error.message).toBe('PatSnap: some vendor text');
  });

  it('falls back to the documented text, then to the code', () => {
    expect(mapPatSnapError(68300004).message).toBe('PatSnap: Invalid parameter!');
    expect(mapPatSnapError('67200002', '  ').message).toBe(
      'PatSnap: The current call rate is too fast, exceeding the current configuration limit QPS!',
    );
    expect(mapPatSnapError(99999999, null).message).toBe('PatSnap: error 99999999');
  });

  it('accepts the code as a string', () => {
    expect(mapPatSnapError('68300013', 'Report does not exist')).toMatchObject({
      code: 'NOT_FOUND',
      vendorCode: '68300013',
    });
  });

  it('never passes on credentials found in the vendor text', () => {
    const msg = mapPatSnapError(
      67200009,
      'bad token Bearer abc.def.ghi for apikey=myclient&x=1 key sk-abcdefghijklmnopqrstuvwxyz012345',
    ).message;
    expect(msg).not.toContain('abc.def.ghi');
    expect(msg).not.toContain('myclient');
    expect(msg).not.toContain('sk-abcdefghijklmnop');
    expect(msg.startsWith('PatSnap: ')).toBe(true);
  });

  it('documents every code in the table with a vendor text', () => {
    for (const [code, spec] of Object.entries(PATSNAP_ERRORS)) {
      expect(code).toMatch(/^6[78]\d{6}$/);
      expect(spec.text.length).toBeGreaterThan(0);
    }
  });
});
