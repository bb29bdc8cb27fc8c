import {
  createCounter,
  createHistogram,
  type FillLabelsFnParams,
  usePrometheus,
} from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';

export interface OperationMetricsOptions {
  /** The gateway's own registry (observability/metrics.ts), so that `/metrics` shows these too. */
  registry: Registry;
  /**
   * Distinct operation names kept as label values; later ones are counted as `other`. Operation names
   * are chosen by clients, and each new label value is a new time series held for the life of the process.
   * @default 200
   */
  maxOperationNames?: number;
}

/** Seconds: from a fast cached query to a vendor call that waited for its budget. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Per-operation metrics with yoga's Prometheus plugin, on the gateway's registry (queries and mutations;
 * a subscription's parse and validation errors too, but not the subscription itself: instrumenting each
 * of them cost about 2.6 KB of memory per open subscription, and `gateway_subscriptions_active` counts
 * them):
 * `graphql_envelop_request` (operations), `graphql_envelop_request_duration` (seconds, histogram) and
 * `graphql_envelop_error_result` (errors, by phase), labelled by operation type and name. The
 * plugin's other metrics stay off, its HTTP histogram too (it labels by full URL, query string
 * included), and so does its own `/metrics` route: app.ts serves `/metrics`.
 */
export function useOperationMetrics({ registry, maxOperationNames = 200 }: OperationMetricsOptions): Plugin {
  const names = new Set<string>();
  const operationName = (name: string | undefined): string => {
    if (name === undefined) return 'anonymous';
    if (names.has(name)) return name;
    if (!OPERATION_NAME.test(name) || names.size >= maxOperationNames) return 'other';
    names.add(name);
    return name;
  };
  const labels = (params: FillLabelsFnParams) => ({
    operationType: params.operationType ?? 'unknown',
    operationName: operationName(params.operationName),
  });
  return usePrometheus({
    registry,
    endpoint: false,
    metrics: {
      graphql_envelop_deprecated_field: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
      graphql_yoga_http_duration: false,
      graphql_envelop_request: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_request',
          help: 'GraphQL operations executed or subscribed, by type and name',
          labelNames: ['operationType', 'operationName'],
        },
        fillLabelsFn: labels,
        phases: ['execute'],
      }),
      graphql_envelop_request_duration: createHistogram({
        registry,
        histogram: {
          name: 'graphql_envelop_request_duration',
          help: 'Seconds from parse to the end of execution (subscriptions: until they are set up), by operation',
          labelNames: ['operationType', 'operationName'],
          buckets: DURATION_BUCKETS,
        },
        fillLabelsFn: labels,
        phases: ['execute'],
      }),
      graphql_envelop_error_result: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_error_result',
          help: 'Errors in GraphQL results, by operation and the phase that reported them',
          labelNames: ['operationType', 'operationName', 'phase'],
        },
        fillLabelsFn: (params: FillLabelsFnParams) => ({
          ...labels(params),
          phase: params.errorPhase ?? 'unknown',
        }),
        phases: ['parse', 'validate', 'context', 'execute'],
      }),
    },
  });
}
