import { BadInputError } from '../../errors.js';

export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Any 1 to 128 characters of your choosing: the same key again within 24 hours returns the same task ' +
  'and makes no second vendor call (a retry after a lost answer is safe); with a different input it is ' +
  'refused.';

const MAX_KEY_LENGTH = 128;

/** Splits the key off a start input and checks it; the vendor sees the rest. */
export function withoutIdempotencyKey<Input extends { idempotencyKey?: string | null }>(
  input: Input,
): { key: string | null; rest: Omit<Input, 'idempotencyKey'> } {
  const { idempotencyKey, ...rest } = input;
  if (idempotencyKey == null) return { key: null, rest };
  if (idempotencyKey.length < 1 || idempotencyKey.length > MAX_KEY_LENGTH) {
    throw new BadInputError(
      'input.idempotencyKey',
      `idempotencyKey must be 1 to ${MAX_KEY_LENGTH} characters`,
      MAX_KEY_LENGTH,
    );
  }
  return { key: idempotencyKey, rest };
}
