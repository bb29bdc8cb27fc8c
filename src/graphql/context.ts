import type DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { Caller } from '../auth/authenticator.js';
import type { TaskEvents } from '../events/task-events.js';
import type { Metrics } from '../observability/metrics.js';
import type { TenantLimits } from '../rate-limit/tenant-limits.js';
import type { TaskRecord } from '../tasks/model.js';
import type { Actor, TaskService } from '../tasks/service.js';
import type { VendorRegistry } from '../vendors/registry.js';

/** What resolvers may use; built once per app. */
export interface GatewayServices {
  tasks: TaskService;
  vendors: VendorRegistry;
  events: TaskEvents;
  metrics: Metrics;
  /** Per-tenant budgets: request rate, open subscriptions. */
  limits: TenantLimits;
}

/** Read-only, per request (HTTP) or per subscription operation (graphql-ws, SSE). */
export interface GraphQLContext {
  /** Authenticated before the document was parsed. */
  readonly caller: Caller;
  /** `caller.tenant`: every read, write and subscription is filtered by it. */
  readonly tenant: string;
  /** The caller as the task service sees it (ownership and vendor credentials). */
  readonly actor: Actor;
  /** Aborted when the client goes away (the HTTP request, or the WebSocket of the operation). */
  readonly signal: AbortSignal | undefined;
  /** The request's id (`x-request-id`, kept or made); graphql-ws: the id of the upgrade request. */
  readonly requestId: string;
  /** Every line it logs inside the request carries `requestId` (observability/request-scope.ts). */
  readonly logger: Logger;
  readonly services: GatewayServices;
  readonly loaders: {
    readonly task: DataLoader<string, TaskRecord | null>;
  };
}
