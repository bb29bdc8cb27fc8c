/**
 * Input that breaks a documented limit. Thrown before any vendor call; the GraphQL layer turns it
 * into BAD_USER_INPUT with `field` (the input path) and `limit` in extensions.
 */
export class BadInputError extends Error {
  readonly field: string;
  readonly limit: string | number | null;

  constructor(field: string, message: string, limit: string | number | null = null) {
    super(message);
    this.name = 'BadInputError';
    this.field = field;
    this.limit = limit;
  }
}

/** The id does not name a task of the caller's tenant (another tenant's task looks the same). */
export class NotFoundError extends Error {
  constructor(message = 'No task with this id') {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** A missing or unknown API key. */
export class UnauthenticatedError extends Error {
  constructor(message = 'A valid API key is required: Authorization: Bearer <key>') {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}
