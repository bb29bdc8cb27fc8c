import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';
import { errorLogLevel, type LogLevel } from './error-masking.js';

/**
 * yoga's logger as pino lines with objects: an Error goes out as pino's `err` (type, message, stack),
 * anything else after the message under `details`, never flattened into one string. yoga reports the
 * original of every error it masks at `error`; a client's mistake (BAD_USER_INPUT, NOT_FOUND,
 * UNAUTHENTICATED, FORBIDDEN …) is logged at debug instead, a vendor's failure at warn
 * (`errorLogLevel`).
 */
export function yogaLogger(logger: Logger): YogaLogger {
  return {
    debug: (...args) => write(logger, 'debug', args),
    info: (...args) => write(logger, 'info', args),
    warn: (...args) => write(logger, 'warn', args),
    error: (...args) => write(logger, args[0] instanceof Error ? errorLogLevel(args[0]) : 'error', args),
  };
}

function write(logger: Logger, level: LogLevel, args: readonly unknown[]): void {
  if (!logger.isLevelEnabled(level)) return;
  const [first, ...rest] = args;
  const details = rest.length > 0 ? { details: rest } : {};
  if (first instanceof Error) logger[level]({ err: first, ...details }, first.message);
  else if (typeof first === 'string') logger[level](details, first);
  else logger[level]({ details: args }, 'graphql-yoga');
}
