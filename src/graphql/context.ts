import type DataLoader from 'dataloader';
import type { OpenStreams } from '../events/open-streams.js';
import type { TaskEvents } from '../events/task-events.js';
import type { Metrics } from '../observability/metrics.js';
import type { TaskRecord } from '../tasks/model.js';
import type { TaskService } from '../tasks/service.js';
import type { PatentListRequest, PatentSearch } from '../vendors/patsnap/search.js';
import type { PatentListPage } from '../vendors/patsnap/search-results.js';
import type { VendorInfo } from '../vendors/registry.js';

/** What resolvers may use; built once per app. */
export interface GatewayServices {
  tasks: TaskService;
  /** PatSnap search; throws NOT_CONFIGURED when PatSnap has neither credentials nor a sandbox. */
  patentSearch: () => PatentSearch;
  events: TaskEvents;
  metrics: Metrics;
  vendors: readonly VendorInfo[];
  /** Open subscription streams; closed on shutdown so that each completes cleanly. */
  streams: OpenStreams;
}

/** Read-only, per request (HTTP) or per subscription operation (graphql-ws, SSE). */
export interface GraphQLContext {
  readonly tenant: string;
  readonly services: GatewayServices;
  readonly loaders: {
    readonly task: DataLoader<string, TaskRecord | null>;
    /** Identical patent pages asked for twice in one operation cost one vendor call. */
    readonly patents: DataLoader<PatentListRequest, PatentListPage, string>;
  };
}
