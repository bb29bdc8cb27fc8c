import { GraphQLError } from 'graphql';
import {
  BadInputError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
} from '../errors.js';
import { VendorError } from '../vendors/shared/vendor-error.js';

/**
 * Turns our typed errors into GraphQL errors with `extensions.code`; everything else is masked
 * (yoga's default message, no stack), so internals and secrets never reach a client.
 */
export function toGraphQLError(error: unknown): GraphQLError | null {
  if (error instanceof BadInputError) {
    return new GraphQLError(error.message, {
      extensions: { code: 'BAD_USER_INPUT', field: error.field, limit: error.limit },
    });
  }
  if (error instanceof NotFoundError) {
    return new GraphQLError(error.message, { extensions: { code: 'NOT_FOUND' } });
  }
  if (error instanceof RateLimitedError) {
    return new GraphQLError(error.message, {
      extensions: { code: 'RATE_LIMITED', limit: error.limit, retryAfterMs: error.retryAfterMs },
    });
  }
  if (error instanceof ForbiddenError) {
    return new GraphQLError(error.message, { extensions: { code: 'FORBIDDEN', scope: error.scope } });
  }
  if (error instanceof UnauthenticatedError) {
    return new GraphQLError(error.message, {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  if (error instanceof VendorError) {
    return new GraphQLError(error.message, {
      extensions: { code: error.code, vendorCode: error.vendorCode, retryable: error.transient },
    });
  }
  return null;
}

// By name, not instanceof: graphql-js can be loaded twice (ESM and CJS builds) in one process.
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

/**
 * yoga `maskedErrors.maskError`: map our errors, keep GraphQL's own (validation, bad request:
 * they carry no internals), mask everything else.
 */
export function maskError(error: unknown, message: string): Error {
  const graphqlError = isGraphQLError(error) ? error : null;
  const original = graphqlError?.originalError ?? error;
  const mapped = toGraphQLError(original);
  if (mapped) {
    return new GraphQLError(mapped.message, {
      nodes: graphqlError?.nodes,
      path: graphqlError?.path,
      extensions: mapped.extensions,
    });
  }
  if (graphqlError && (!graphqlError.originalError || graphqlError.extensions?.http)) return graphqlError;
  if (graphqlError?.originalError && isGraphQLError(graphqlError.originalError))
    return graphqlError.originalError;
  return new GraphQLError(message, {
    path: graphqlError?.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/**
 * graphql-js reports a variable that does not fit its type (an unknown enum value, two members of a
 * one-of input) without a code; give it BAD_USER_INPUT and the input path, like our own checks.
 */
export function badVariableError(error: GraphQLError): GraphQLError | null {
  if (error.extensions?.code) return null;
  const match = /^Variable "\$([^"]+)" got invalid value .*? at "([^"]+)";/s.exec(error.message);
  const simple = /^Variable "\$([^"]+)" (?:got invalid value|of required type|of non-null type)/.exec(
    error.message,
  );
  if (!match && !simple) return null;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    extensions: { code: 'BAD_USER_INPUT', field: match?.[2] ?? simple?.[1] ?? null, limit: null },
  });
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * How loud an error yoga reports should be in the log. A client's mistake (bad input, an unknown id,
 * missing credentials or scope) is normal traffic: debug. A refusal for rate, or a vendor that is not
 * configured: info. A vendor's failure is a warning, whatever its code: a vendor refusing the gateway's
 * own credentials (UNAUTHENTICATED, FORBIDDEN, QUOTA_EXCEEDED from the vendor) is for the operator,
 * unless the vendor only says the client's input or id was wrong. Only what we cannot explain is an error.
 */
const CLIENT_LOG_LEVELS: Readonly<Record<string, LogLevel>> = {
  BAD_USER_INPUT: 'debug',
  NOT_FOUND: 'debug',
  UNAUTHENTICATED: 'debug',
  FORBIDDEN: 'debug',
  GRAPHQL_PARSE_FAILED: 'debug',
  GRAPHQL_VALIDATION_FAILED: 'debug',
  PERSISTED_QUERY_NOT_FOUND: 'debug',
  RATE_LIMITED: 'info',
  NOT_CONFIGURED: 'info',
};
const VENDOR_LOG_LEVELS: Readonly<Record<string, LogLevel>> = {
  BAD_USER_INPUT: 'info',
  NOT_FOUND: 'info',
  RATE_LIMITED: 'info',
  NOT_CONFIGURED: 'info',
};

export function errorLogLevel(error: unknown): LogLevel {
  const graphqlError = isGraphQLError(error) ? error : null;
  const original = graphqlError?.originalError ?? error;
  if (original instanceof VendorError) return VENDOR_LOG_LEVELS[original.code] ?? 'warn';
  const code = toGraphQLError(original)?.extensions.code ?? graphqlError?.extensions?.code;
  return (typeof code === 'string' ? CLIENT_LOG_LEVELS[code] : undefined) ?? 'error';
}
