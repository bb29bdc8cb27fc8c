import { encodeGlobalID } from '@pothos/plugin-relay';
import { SqliteTaskStore } from '../../../src/store/sqlite-store.js';
import type { TaskStore } from '../../../src/store/task-store.js';
import { encodeTaskId } from '../../../src/vendors/patsnap/sandbox/export.js';
import { taskRecord } from '../../support/task-record.js';
import { SANDBOX_SECRET } from './topology.js';

/**
 * Writes PatSnap export tasks straight into a gateway's SQLite file before the gateway starts, as if
 * a previous run had started them: the gateway resumes them on start-up (TaskService.resume). Their
 * vendor ids are minted with the sandbox's own encodeTaskId and the shared secret, so the vendor
 * process answers for them exactly as for exports it created itself.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SeedOptions {
  count: number;
  /** Vendor-side creation time of every export (epoch ms). */
  vendorCreatedAt: number;
  /** How long each export runs at the vendor (PENDING until vendorCreatedAt + this). */
  vendorDurationMs: number;
  /** When task i is first due; e.g. all now, or spread over an interval. */
  nextPollAt: (i: number) => number;
  /** The poll policy's current interval stored with each task. */
  intervalMs: number;
}

/** Seeds a gateway's SQLite file; returns the vendor task ids, in order. */
export async function seedTasks(databasePath: string, opts: SeedOptions): Promise<string[]> {
  const store = new SqliteTaskStore(databasePath);
  try {
    return await seedInto(store, opts);
  } finally {
    await store.close();
  }
}

/**
 * The same records into any task store (e.g. a RedisTaskStore for the Redis column), `parallel`
 * inserts at a time; returns the vendor task ids, in order.
 */
export async function seedInto(
  store: Pick<TaskStore, 'insert'>,
  opts: SeedOptions & { seedPrefix?: string; parallel?: number },
): Promise<string[]> {
  const at = new Date(opts.vendorCreatedAt).toISOString();
  const vendorTaskIds: string[] = [];
  const parallel = opts.parallel ?? 1;
  for (let first = 0; first < opts.count; first += parallel) {
    const inserts: Promise<void>[] = [];
    for (let i = first; i < Math.min(opts.count, first + parallel); i++) {
      const vendorTaskId = encodeTaskId(SANDBOX_SECRET, {
        createdAt: opts.vendorCreatedAt,
        durationMs: opts.vendorDurationMs,
        exportType: 'csv',
        fields: ['PN', 'TITLE'],
        count: 10,
        offset: 0,
        seed: `${opts.seedPrefix ?? 'bench-seed'}-${i}`,
        fails: false,
      });
      const record = taskRecord({
        tenant: 'public',
        vendorTaskId,
        status: 'RUNNING',
        vendorStatus: 'PENDING',
        itemCount: 10,
        createdAt: at,
        history: [
          { status: 'QUEUED', vendorStatus: null, at },
          { status: 'RUNNING', vendorStatus: 'PENDING', at },
        ],
        version: 2,
        poll: {
          nextPollAt: new Date(opts.nextPollAt(i)).toISOString(),
          intervalMs: opts.intervalMs,
          consecutiveFailures: 0,
          deadlineAt: new Date(opts.vendorCreatedAt + DAY_MS).toISOString(),
        },
      });
      vendorTaskIds.push(vendorTaskId);
      inserts.push(store.insert(record));
    }
    await Promise.all(inserts);
  }
  return vendorTaskIds;
}

/**
 * One finished (SUCCEEDED) export of `tenant` in a gateway's SQLite file, written before the gateway
 * starts: task(id) answers the same for ever and nothing is polled. Returns its GraphQL (Relay
 * global) id, as the API hands it out.
 */
export async function seedFinishedTask(databasePath: string, tenant: string): Promise<string> {
  const store = new SqliteTaskStore(databasePath);
  try {
    const at = new Date().toISOString();
    const record = taskRecord({
      tenant,
      status: 'SUCCEEDED',
      vendorStatus: 'SUCCESS',
      itemCount: 10,
      createdAt: at,
      history: [
        { status: 'QUEUED', vendorStatus: null, at },
        { status: 'SUCCEEDED', vendorStatus: 'SUCCESS', at },
      ],
      version: 2,
      pollCount: 1,
    });
    await store.insert(record);
    return encodeGlobalID('PatentExportTask', record.id);
  } finally {
    await store.close();
  }
}
