import pino, { type Logger } from 'pino';

/**
 * The gateway's logger. Credentials must never reach a log line, even when an object that holds
 * one is logged by mistake: these paths are replaced with [Redacted].
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: [
      'req.headers.authorization',
      '*.authorization',
      '*.apiKey',
      '*.clientSecret',
      '*.client_secret',
      '*.token',
      '*.access_token',
    ],
  });
}
