import { SqliteTaskStore } from '../../../src/store/sqlite-store.js';
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

export async function seedTasks(databasePath: string, opts: SeedOptions): Promise<void> {
  const store = new SqliteTaskStore(databasePath);
  try {
    const at = new Date(opts.vendorCreatedAt).toISOString();
    for (let i = 0; i < opts.count; i++) {
      const vendorTaskId = encodeTaskId(SANDBOX_SECRET, {
        createdAt: opts.vendorCreatedAt,
        durationMs: opts.vendorDurationMs,
        exportType: 'csv',
        fields: ['PN', 'TITLE'],
        count: 10,
        offset: 0,
        seed: `bench-seed-${i}`,
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
      await store.insert(record);
    }
  } finally {
    await store.close();
  }
}
