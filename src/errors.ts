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

/** Missing, unknown or invalid credentials (API key or token). */
export class UnauthenticatedError extends Error {
  constructor(message = 'Credentials are required: Authorization: Bearer <API key or token>') {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

/** The caller is known but lacks the scope this needs; the GraphQL layer names the scope. */
export class ForbiddenError extends Error {
  readonly scope: string;

  constructor(scope: string, message = `This needs the scope ${scope}`) {
    super(message);
    this.name = 'ForbiddenError';
    this.scope = scope;
  }
}

/** A budget is spent (requests, active tasks, subscriptions, a vendor's rate): try again after `retryAfterMs`. */
export class RateLimitedError extends Error {
  readonly retryAfterMs: number;
  /** Which budget, e.g. `requestsPerMinute`. */
  readonly limit: string;

  constructor(limit: string, retryAfterMs: number, message: string) {
    super(message);
    this.name = 'RateLimitedError';
    this.limit = limit;
    this.retryAfterMs = Math.max(0, Math.ceil(retryAfterMs));
  }
}
