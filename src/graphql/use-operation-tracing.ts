import { useOpenTelemetry } from '@envelop/opentelemetry';
import { SpanKind, trace } from '@opentelemetry/api';
import { TRACER_NAME } from '../observability/tracing.js';

/**
 * One span per GraphQL operation (`query.GetTask`, `mutation.StartPatentExport`, `subscription.…`),
 * envelop's OpenTelemetry plugin on the process's registered tracer provider (observability/tracing.ts).
 * The vendor calls an operation makes are its children; a task it starts keeps its trace context, so
 * that the task's polls link back to it.
 *
 * Only the operation's name and type are recorded: no variables, no result, no per-resolver spans
 * (variables and results can hold what a client considers private, and download URLs carry
 * signatures), and no document text, except that the plugin records a subscription's document when
 * it has no inline arguments, that is when it holds field names only.
 */
export type OperationTracingPlugin = ReturnType<typeof useOpenTelemetry>;

export function useOperationTracing(): OperationTracingPlugin {
  return useOpenTelemetry(
    { document: false, variables: false, result: false, resolvers: false },
    trace.getTracerProvider(),
    SpanKind.SERVER,
    {},
    TRACER_NAME,
  );
}
