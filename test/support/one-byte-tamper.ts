/**
 * One-byte changes for signature tests: whatever a signature covers must not survive the smallest
 * change. Each helper changes exactly one unit at `at` (taken modulo the length), or appends one to
 * an empty input, so the result always differs from the input.
 */

/** `bytes` with the byte at `at` flipped (or one byte appended to an empty buffer). */
export function flipByte(bytes: Uint8Array, at: number): Buffer {
  if (bytes.length === 0) return Buffer.from([0x20]);
  const out = Buffer.from(bytes);
  const i = at % out.length;
  out[i] = (out[i] as number) ^ 0x01;
  return out;
}

/**
 * `text` with the character at `at` replaced by a digit it is not, even ignoring case and
 * surrounding white space (or `0` appended to an empty string), so header values that are
 * lowercased or trimmed before signing still change.
 */
export function changeChar(text: string, at: number): string {
  const chars = [...text];
  if (chars.length === 0) return '0';
  const i = at % chars.length;
  chars[i] = chars[i] === '0' ? '1' : '0';
  return chars.join('');
}

/** An Authorization header ending `Signature=<hex>` with one digit of the hex changed. */
export function changeSignatureDigit(authorization: string, at: number): string {
  const hex = authorization.lastIndexOf('=') + 1;
  const i = hex + (at % (authorization.length - hex));
  return `${authorization.slice(0, i)}${authorization[i] === 'a' ? 'b' : 'a'}${authorization.slice(i + 1)}`;
}
