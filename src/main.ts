import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './observability/logger.js';
import { startTracing } from './observability/tracing.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      // One line per mistake, so that a TENANTS_FILE with three problems shows all three at once.
      for (const line of error.message.split('\n')) process.stderr.write(`Invalid configuration: ${line}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  // The standard OTEL_* variables, read by the OpenTelemetry SDK itself: no endpoint, no SDK.
  const tracing = await startTracing(process.env, logger);
  if (tracing) logger.info('traces are exported over OTLP/HTTP');
  const app = await createApp(config, { logger, traces: tracing !== null });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app
      .close()
      // The last spans (the polls and calls of the shutdown itself) go out before the process ends.
      .then(() => tracing?.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
