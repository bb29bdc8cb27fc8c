import type { IncomingHttpHeaders } from 'node:http';
import {
  context,
  DiagLogLevel,
  diag,
  isSpanContextValid,
  type Link,
  propagation,
  SpanKind,
  SpanStatusCode,
  type TraceFlags,
  trace,
} from '@opentelemetry/api';
import type { Logger } from 'pino';

/**
 * OpenTelemetry traces: one span per GraphQL operation (graphql/use-operation-tracing.ts), per poll
 * (`task.poll`) and per vendor call (`vendor.<operation>`, with `vendor.name`, `vendor.operation`,
 * `vendor.outcome`). The spans are made through the OpenTelemetry API, which does nothing until an SDK
 * is registered: `startTracing` registers one only when an OTLP endpoint is configured, so without
 * one there is no SDK, no exporter, no context manager.
 *
 * Attributes never hold a URL, a header, a credential or a variable: vendors' URLs carry keys and
 * signatures, and http/undici auto-instrumentation (which records full URLs) is deliberately not used.
 */

/** The instrumentation scope of every span the gateway makes. */
export const TRACER_NAME = 'export-task-gateway';

export interface Tracing {
  /** Exports every ended span now (tests; shutdown). */
  forceFlush(): Promise<void>;
  /** Flushes and stops the exporter. */
  shutdown(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Whether the standard variables ask for traces: an OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), and neither `OTEL_SDK_DISABLED=true` nor `OTEL_TRACES_EXPORTER=none`.
 */
export function tracesRequested(env: Env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim());
}

/**
 * Registers the OpenTelemetry SDK for this process when `env` asks for traces (else null, and nothing
 * is loaded). Spans go out in batches over OTLP/HTTP with JSON bodies; the exporter, the batch processor,
 * the sampler and the resource read their own standard variables (`OTEL_EXPORTER_OTLP_*`,
 * `OTEL_BSP_*`, `OTEL_TRACES_SAMPLER*`, `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`).
 * Process-wide, like every OpenTelemetry SDK: call it once. The SDK's own complaints (a collector
 * that does not answer, a full queue) go to `logger` at warn instead of vanishing.
 */
export async function startTracing(env: Env = process.env, logger?: Logger): Promise<Tracing | null> {
  if (!tracesRequested(env)) return null;
  if (logger) {
    const warn = (message: string, ...args: unknown[]) =>
      logger.warn(args.length > 0 ? { details: args } : {}, `OpenTelemetry: ${message}`);
    const ignore = () => {};
    diag.setLogger({ error: warn, warn, info: ignore, debug: ignore, verbose: ignore }, DiagLogLevel.WARN);
  }
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, resources] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the default name. No process or host
  // detector: a process's command line and environment can hold secrets.
  const resource = resources
    .resourceFromAttributes({ 'service.name': TRACER_NAME })
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return {
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

/**
 * Runs `handle` in the trace context the caller sent (W3C `traceparent` / `tracestate`), so that the
 * operation's span joins the caller's trace (a frontend's, another service's). Without an SDK the
 * propagator does nothing and `handle` just runs.
 */
export function withIncomingTraceContext<T>(headers: IncomingHttpHeaders, handle: () => T): T {
  return context.with(propagation.extract(context.active(), headers), handle);
}

const TRACE_PARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * The active span as a W3C `traceparent`, or undefined when there is none (no SDK, or outside any
 * operation). Stored with a task when it is created, so that its polls can link to the operation.
 */
export function currentTraceParent(): string | undefined {
  const spanContext = trace.getSpanContext(context.active());
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  const flags = spanContext.traceFlags.toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

function linkTo(traceParent: string | undefined): Link[] {
  const match = traceParent ? TRACE_PARENT.exec(traceParent) : null;
  if (!match?.[1] || !match[2] || !match[3]) return [];
  const traceFlags: TraceFlags = Number.parseInt(match[3], 16);
  return [{ context: { traceId: match[1], spanId: match[2], traceFlags, isRemote: true } }];
}

export interface PolledTask {
  readonly id: string;
  readonly vendor: string;
  readonly kind: string;
  /** The operation that started or tracked the task (TaskRecord.traceParent). */
  readonly traceParent?: string;
}

/**
 * Runs one poll of `task` in a `task.poll` span: the root of its own trace (a poll is background
 * work, minutes after the request), linked to the operation that started the task. The vendor calls
 * it makes are its children.
 */
export function tracePoll<T>(task: PolledTask, poll: () => Promise<T>): Promise<T> {
  return trace.getTracer(TRACER_NAME).startActiveSpan(
    'task.poll',
    {
      root: true,
      kind: SpanKind.INTERNAL,
      links: linkTo(task.traceParent),
      attributes: { 'task.id': task.id, 'task.kind': task.kind, 'vendor.name': task.vendor },
    },
    async (span) => {
      try {
        return await poll();
      } catch (error) {
        // The status only: an error's message is for the task record, not for the trace backend.
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

export interface VendorCall {
  readonly vendor: string;
  readonly operation: string;
  /** ok, vendor_error, http_error, timeout, network_error (as `gateway_vendor_requests_total`). */
  readonly outcome: string;
  /** Epoch ms when the call was made (its wait for the vendor's rate budget included). */
  readonly startedAt: number;
}

/**
 * A `vendor.<operation>` span for a call that has just ended, child of whatever is active (the
 * operation or the poll that made it). Made once the outcome is known, from its start time, so that
 * the HTTP layer needs no tracing code of its own.
 */
export function recordVendorCallSpan(call: VendorCall): void {
  const span = trace.getTracer(TRACER_NAME).startSpan(`vendor.${call.operation}`, {
    kind: SpanKind.CLIENT,
    startTime: call.startedAt,
    attributes: {
      'vendor.name': call.vendor,
      'vendor.operation': call.operation,
      'vendor.outcome': call.outcome,
    },
  });
  if (call.outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}
