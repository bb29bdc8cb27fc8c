import { BadInputError } from '../../errors.js';

export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Any 1 to 128 characters of your choosing: the same key again within 24 hours returns the same task ' +
  'and makes no second vendor call (a retry after a lost answer is safe); with a different input it is ' +
  'refused.';

const MAX_KEY_LENGTH = 128;

/** The input's idempotencyKey, checked; null when it has none. */
export function idempotencyKeyOf(input: { idempotencyKey?: string | null }): string | null {
  const key = input.idempotencyKey;
  if (key == null) return null;
  if (key.length < 1 || key.length > MAX_KEY_LENGTH) {
    throw new BadInputError(
      'input.idempotencyKey',
      `idempotencyKey must be 1 to ${MAX_KEY_LENGTH} characters`,
      MAX_KEY_LENGTH,
    );
  }
  return key;
}
