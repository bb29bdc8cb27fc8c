import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { BadInputError } from '../errors.js';
import {
  isTerminal,
  parseTaskRecord,
  type TaskKind,
  type TaskRecord,
  type TaskStatus,
} from '../tasks/model.js';
import { SqliteRecordCache } from './sqlite-record-cache.js';
import {
  AlreadyTrackedError,
  DEFAULT_RETENTION_MS,
  type DueTask,
  decodeCursor,
  IDEMPOTENCY_WINDOW_MS,
  type StartIntent,
  type TaskListQuery,
  type TaskPage,
  type TaskStore,
} from './task-store.js';

/**
 * Ordered migrations; the index + 1 is the version recorded in `schema_migrations`.
 * Append only: a shipped migration never changes.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE tasks (
     id TEXT PRIMARY KEY,
     tenant TEXT NOT NULL,
     vendor TEXT NOT NULL,
     kind TEXT NOT NULL,
     vendor_task_id TEXT NOT NULL,
     status TEXT NOT NULL,
     version INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     next_poll_at TEXT,
     record TEXT NOT NULL
   );
   CREATE INDEX tasks_tenant_created ON tasks (tenant, created_at DESC, id DESC);
   CREATE INDEX tasks_vendor_task ON tasks (tenant, kind, vendor_task_id);
   CREATE INDEX tasks_next_poll ON tasks (next_poll_at) WHERE next_poll_at IS NOT NULL;`,
  // Ownership of vendor work. Records from before this version count as started, and each vendor id
  // goes to the tenant that had it first: a later tenant could only have tracked it.
  `ALTER TABLE tasks ADD COLUMN origin TEXT NOT NULL DEFAULT 'STARTED';
   CREATE UNIQUE INDEX tasks_tracked_once ON tasks (tenant, kind, vendor_task_id)
     WHERE origin = 'TRACKED' AND status <> 'CANCELLED';
   CREATE TABLE vendor_task_owners (
     kind TEXT NOT NULL,
     vendor_task_id TEXT NOT NULL,
     tenant TEXT NOT NULL,
     claimed_at TEXT NOT NULL,
     PRIMARY KEY (kind, vendor_task_id)
   ) WITHOUT ROWID;
   INSERT OR IGNORE INTO vendor_task_owners (kind, vendor_task_id, tenant, claimed_at)
     SELECT kind, vendor_task_id, tenant, created_at FROM tasks ORDER BY created_at, id;`,
  // A status filter reads one range per requested status, newest first, instead of walking the
  // tenant's whole index to find the few (or no) tasks in that status.
  `CREATE INDEX tasks_tenant_status_created ON tasks (tenant, status, created_at DESC, id DESC);`,
  // Retention, as in Redis: a task is deleted `retentionMs` after the last write that left it
  // terminal (finished_at, epoch ms; NULL while it is in progress), a claim `retentionMs` after it was
  // made. Finished records from before this version count from their own updatedAt, the best record
  // of their last write there is (or from now, should a record not say).
  `ALTER TABLE tasks ADD COLUMN finished_at INTEGER;
   UPDATE tasks SET finished_at = COALESCE(
       CAST(unixepoch(CASE WHEN json_valid(record) THEN json_extract(record, '$.updatedAt') END, 'subsec')
         * 1000 AS INTEGER),
       CAST(unixepoch('subsec') * 1000 AS INTEGER))
     WHERE status IN ('SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELLED');
   CREATE INDEX tasks_finished ON tasks (finished_at) WHERE finished_at IS NOT NULL;
   CREATE INDEX vendor_task_owners_claimed ON vendor_task_owners (claimed_at);`,
  // Counts by status for /metrics, kept by triggers so that every write path (insert, compare-and-set,
  // retention, a manual DELETE) keeps them exact in its own transaction, and a scrape reads six rows
  // instead of counting the whole table.
  `CREATE TABLE task_counts (status TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
   INSERT INTO task_counts (status, n) SELECT status, COUNT(*) FROM tasks GROUP BY status;
   CREATE TRIGGER tasks_count_insert AFTER INSERT ON tasks BEGIN
     INSERT INTO task_counts (status, n) VALUES (NEW.status, 1)
       ON CONFLICT (status) DO UPDATE SET n = n + 1;
   END;
   CREATE TRIGGER tasks_count_delete AFTER DELETE ON tasks BEGIN
     UPDATE task_counts SET n = n - 1 WHERE status = OLD.status;
   END;
   CREATE TRIGGER tasks_count_status AFTER UPDATE OF status ON tasks
     WHEN OLD.status IS NOT NEW.status BEGIN
     UPDATE task_counts SET n = n - 1 WHERE status = OLD.status;
     INSERT INTO task_counts (status, n) VALUES (NEW.status, 1)
       ON CONFLICT (status) DO UPDATE SET n = n + 1;
   END;`,
  // Starts written before the vendor is called: idempotency keys, and crash safety.
  `CREATE TABLE start_intents (
     tenant TEXT NOT NULL,
     key TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     kind TEXT NOT NULL,
     task_id TEXT NOT NULL,
     credential_tenant TEXT,
     state TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (tenant, key)
   ) WITHOUT ROWID;
   CREATE INDEX start_intents_state_created ON start_intents (state, created_at);`,
  // Every poll moves next_poll_at, so its index made each poll's write two more WAL frames (the entry
  // leaves one leaf page and joins another): 4 of the 7 page writes of a poll. Only the start-up read
  // of the schedule (listScheduled) used it; that read now scans the table, once per start.
  `DROP INDEX IF EXISTS tasks_next_poll;`,
];

/** Which optional parts a `list` statement has; vendor is a parameter (NULL: any), not a part. */
export interface ListShape {
  status: boolean;
  after: boolean;
}

/**
 * The SQL of one `list` read. There are four texts whatever the input, so the statement cache stays
 * small: a status filter runs this once per requested status (see `list`) rather than building an
 * `IN (...)` of the list's length, which also lets each run be one range of
 * tasks_tenant_status_created, already in page order.
 */
export function listSql(shape: ListShape): string {
  const where = ['tenant = @tenant'];
  if (shape.status) where.push('status = @status');
  // Exactly `created_at < cAt OR (created_at = cAt AND id < cId)`, written as a row value so that the
  // index serves it as a range: a deep page starts at the cursor instead of skipping everything newer.
  if (shape.after) where.push('(created_at, id) < (@cAt, @cId)');
  where.push('(@vendor IS NULL OR vendor = @vendor)');
  return `SELECT id, created_at AS createdAt, record FROM tasks WHERE ${where.join(' AND ')}
    ORDER BY created_at DESC, id DESC LIMIT @limit`;
}

/** Reads the counts the triggers keep (see MIGRATIONS); never touches `tasks`. */
export const COUNT_BY_STATUS_SQL = 'SELECT status, n FROM task_counts WHERE n > 0';

const SWEEP_TASKS_SQL = `DELETE FROM tasks WHERE rowid IN
  (SELECT rowid FROM tasks WHERE finished_at <= @cutoff LIMIT @limit)`;
const SWEEP_OWNERS_SQL = `DELETE FROM vendor_task_owners WHERE (kind, vendor_task_id) IN
  (SELECT kind, vendor_task_id FROM vendor_task_owners WHERE claimed_at <= @cutoff LIMIT @limit)`;
/** Finished starts whose idempotency window has closed; PENDING ones wait to be resolved. */
const SWEEP_INTENTS_SQL = `DELETE FROM start_intents WHERE (tenant, key) IN
  (SELECT tenant, key FROM start_intents WHERE state = 'DONE' AND created_at <= @cutoff LIMIT @limit)`;

const INTENT_COLUMNS = `tenant, key, fingerprint, kind, task_id AS taskId, credential_tenant AS credentialTenant,
  state, created_at AS createdAt`;

/** Rows per DELETE: each batch is its own short write transaction, so writers get in between. */
const SWEEP_BATCH = 500;
const DEFAULT_SWEEP_INTERVAL_MS = 10 * 60 * 1000;
/** Parsed records kept for reads: about 3 KB each, so a few MB at most. */
const DEFAULT_CACHED_RECORDS = 1000;
/** The first sweep runs this soon after open (or after one interval, if that is shorter). */
const FIRST_SWEEP_DELAY_MS = 5_000;
/** setTimeout's largest delay; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SqliteTaskStoreOptions {
  /**
   * How long a finished (terminal) task is kept after its last write, and a vendor-task claim after it
   * was made. The same default and meaning as RedisTaskStore's.
   */
  retentionMs?: number;
  /**
   * How often the store deletes what retention let go (and once shortly after open); 0 turns the
   * automatic sweep off, leaving it to `sweep()`. A record can outlive its retention by up to this.
   */
  sweepIntervalMs?: number;
  /** The clock retention counts with, in epoch ms. */
  now?: () => number;
  /** Hears an automatic sweep that failed; the next one tries again. Default: a process warning. */
  onSweepError?: (error: unknown) => void;
  /** How many parsed records the read cache keeps (sqlite-record-cache.ts); default 1,000. */
  cachedRecords?: number;
}

interface Row {
  record: string;
}

interface ListRow extends Row {
  id: string;
  createdAt: string;
}

interface ListParams {
  tenant: string;
  vendor: string | null;
  limit: number;
  cAt: string | null;
  cId: string | null;
}

export class SqliteTaskStore implements TaskStore {
  private readonly db: Database.Database;
  /**
   * Prepared once: preparing on every poll's read and write was a measurable share of idle CPU. Keyed by
   * SQL text, so every text must come from a fixed set (see listSql); never build one from input.
   */
  private readonly statements = new Map<string, Database.Statement>();
  private readonly retentionMs: number;
  private readonly sweepIntervalMs: number;
  private readonly now: () => number;
  private readonly onSweepError: (error: unknown) => void;
  private sweepTimer: NodeJS.Timeout | null = null;
  /** One read transaction for the per-status reads of a page, so that they see one snapshot. */
  private readonly readStatuses: (statuses: readonly TaskStatus[], params: ListParams) => ListRow[];
  private readonly compareAndSetOnce: Database.Transaction<
    (next: TaskRecord, expectedVersion: number) => boolean
  >;
  private readonly cache: SqliteRecordCache;

  constructor(path: string, options: SqliteTaskStoreOptions = {}) {
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    // 0 or less would delete a finished task as soon as it is written.
    if (!Number.isSafeInteger(this.retentionMs) || this.retentionMs < 1) {
      throw new Error(`SqliteTaskStore: retentionMs must be a positive integer, got ${this.retentionMs}`);
    }
    this.sweepIntervalMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    if (!Number.isSafeInteger(this.sweepIntervalMs) || this.sweepIntervalMs < 0) {
      throw new Error(`SqliteTaskStore: sweepIntervalMs must be 0 or more, got ${this.sweepIntervalMs}`);
    }
    this.now = options.now ?? Date.now;
    this.onSweepError =
      options.onSweepError ??
      ((error) =>
        process.emitWarning(
          `SqliteTaskStore: retention sweep failed: ${error instanceof Error ? error.message : String(error)}`,
        ));

    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commit.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.cache = new SqliteRecordCache(this.db, options.cachedRecords ?? DEFAULT_CACHED_RECORDS);

    this.readStatuses = this.db.transaction((statuses: readonly TaskStatus[], params: ListParams) => {
      const read = this.statement(listSql({ status: true, after: params.cAt !== null }));
      return statuses.flatMap((status) => read.all({ ...params, status }) as ListRow[]);
    });
    // The read and the write of a compare-and-set in one transaction: one round of SQLite's file and
    // WAL-index locks (system calls, about 3 of the 11 a poll made) instead of two.
    this.compareAndSetOnce = this.db.transaction((next: TaskRecord, expectedVersion: number) =>
      this.compareAndSetRow(next, expectedVersion),
    );
    this.scheduleSweep(Math.min(FIRST_SWEEP_DELAY_MS, this.sweepIntervalMs));
  }

  /** How many statements this store has prepared and keeps; bounded whatever the queries. */
  get preparedStatementCount(): number {
    return this.statements.size;
  }

  private statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  private migrate(): void {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
    );
    const currentVersion = () =>
      (this.statement('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ??
      0;
    // IMMEDIATE, and the version read again inside: two processes opening one file at once apply each
    // migration once, the second waiting (busy_timeout) and then finding it done.
    const step = this.db.transaction(() => {
      const version = currentVersion();
      const sql = MIGRATIONS[version];
      if (sql === undefined) return false;
      this.db.exec(sql);
      this.db
        .prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)')
        .run(version + 1, new Date().toISOString());
      return true;
    });
    while (currentVersion() < MIGRATIONS.length && step.immediate()) {
      // one migration per transaction
    }
  }

  async insert(task: TaskRecord): Promise<void> {
    try {
      this.statement(
        `INSERT INTO tasks (id, tenant, vendor, kind, vendor_task_id, origin, status, version, created_at,
             next_poll_at, finished_at, record)
           VALUES (@id, @tenant, @vendor, @kind, @vendorTaskId, @origin, @status, @version, @createdAt,
             @nextPollAt, @finishedAt, @record)`,
      ).run({ ...this.columns(task), origin: task.origin });
      this.cache.forget(task.id);
    } catch (error) {
      if (isTrackedTwice(error)) throw new AlreadyTrackedError();
      throw error;
    }
  }

  async claim(kind: TaskKind, vendorTaskId: string, tenant: string): Promise<string> {
    this.statement(
      `INSERT OR IGNORE INTO vendor_task_owners (kind, vendor_task_id, tenant, claimed_at) VALUES (?, ?, ?, ?)`,
    ).run(kind, vendorTaskId, tenant, new Date(this.now()).toISOString());
    return (await this.ownerOf(kind, vendorTaskId)) ?? tenant;
  }

  async ownerOf(kind: TaskKind, vendorTaskId: string): Promise<string | null> {
    const row = this.statement(
      'SELECT tenant FROM vendor_task_owners WHERE kind = ? AND vendor_task_id = ?',
    ).get(kind, vendorTaskId) as { tenant: string } | undefined;
    return row?.tenant ?? null;
  }

  async countActive(tenant: string): Promise<number> {
    const row = this.statement(
      "SELECT COUNT(*) AS n FROM tasks WHERE tenant = ? AND status IN ('QUEUED', 'RUNNING')",
    ).get(tenant) as { n: number };
    return row.n;
  }

  async beginStart(intent: StartIntent): Promise<StartIntent> {
    const windowStart = new Date(this.now() - IDEMPOTENCY_WINDOW_MS).toISOString();
    // One transaction: of two starts with one key, exactly one writes its intent.
    return this.db
      .transaction(() => {
        const existing = this.statement(
          `SELECT ${INTENT_COLUMNS} FROM start_intents WHERE tenant = ? AND key = ?`,
        ).get(intent.tenant, intent.key) as StartIntent | undefined;
        if (existing && (existing.state === 'PENDING' || existing.createdAt > windowStart)) return existing;
        this.statement(
          `INSERT OR REPLACE INTO start_intents (tenant, key, fingerprint, kind, task_id, credential_tenant, state, created_at)
           VALUES (@tenant, @key, @fingerprint, @kind, @taskId, @credentialTenant, @state, @createdAt)`,
        ).run(intent);
        return intent;
      })
      .immediate();
  }

  async completeStart(tenant: string, key: string): Promise<void> {
    this.statement("UPDATE start_intents SET state = 'DONE' WHERE tenant = ? AND key = ?").run(tenant, key);
  }

  async abandonStart(tenant: string, key: string): Promise<void> {
    this.statement("DELETE FROM start_intents WHERE tenant = ? AND key = ? AND state = 'PENDING'").run(
      tenant,
      key,
    );
  }

  async getStart(tenant: string, key: string): Promise<StartIntent | null> {
    const row = this.statement(
      `SELECT ${INTENT_COLUMNS} FROM start_intents WHERE tenant = ? AND key = ?`,
    ).get(tenant, key) as StartIntent | undefined;
    return row ?? null;
  }

  async listPendingStarts(createdBefore: string): Promise<StartIntent[]> {
    return this.statement(
      `SELECT ${INTENT_COLUMNS} FROM start_intents WHERE state = 'PENDING' AND created_at < ? ORDER BY created_at`,
    ).all(createdBefore) as StartIntent[];
  }

  /** The record, frozen: it may be the one every other reader of the task gets too. */
  async get(id: string): Promise<TaskRecord | null> {
    const cached = this.cache.lookup(id);
    if (cached) return cached;
    const row = this.statement('SELECT record FROM tasks WHERE id = ?').get(id) as Row | undefined;
    return row ? this.cache.remember(parseTaskRecord(row.record)) : null;
  }

  async compareAndSet(next: TaskRecord, expectedVersion: number): Promise<boolean> {
    // IMMEDIATE: the write lock is taken before the read, so no other writer can come between the two.
    const written = this.compareAndSetOnce.immediate(next, expectedVersion);
    if (written) this.cache.forget(next.id);
    return written;
  }

  private compareAndSetRow(next: TaskRecord, expectedVersion: number): boolean {
    const stored = this.statement(
      'SELECT status, vendor_task_id AS vendorTaskId FROM tasks WHERE id = ? AND version = ?',
    ).get(next.id, expectedVersion) as Pick<TaskRecord, 'status' | 'vendorTaskId'> | undefined;
    if (!stored) return false;
    // Most writes are a poll that changed nothing but its bookkeeping: leaving the indexed columns
    // (status, vendor task id, finished_at) out of the SET spares SQLite rewriting four index entries
    // and the status-count trigger. The version condition still guards the row read just above.
    const sameIndexes =
      stored.status === next.status && stored.vendorTaskId === next.vendorTaskId && !isTerminal(next.status);
    const result = this.statement(
      sameIndexes
        ? `UPDATE tasks SET version = @version, next_poll_at = @nextPollAt, record = @record
             WHERE id = @id AND version = @expectedVersion`
        : `UPDATE tasks SET status = @status, version = @version, next_poll_at = @nextPollAt, record = @record,
               vendor_task_id = @vendorTaskId, finished_at = @finishedAt
             WHERE id = @id AND version = @expectedVersion`,
    ).run(
      sameIndexes
        ? { ...this.pollColumns(next), expectedVersion }
        : { ...this.columns(next), expectedVersion },
    );
    return result.changes === 1;
  }

  async list(query: TaskListQuery): Promise<TaskPage> {
    let cursor: { createdAt: string; id: string } | null = null;
    if (query.after) {
      cursor = decodeCursor(query.after);
      if (!cursor) throw new BadInputError('after', 'after is not a cursor returned by tasks');
    }
    const params: ListParams = {
      tenant: query.tenant,
      vendor: query.vendor ?? null,
      limit: query.first + 1,
      cAt: cursor?.createdAt ?? null,
      cId: cursor?.id ?? null,
    };
    const statuses = [...new Set(query.statuses ?? [])];
    let rows: ListRow[];
    if (statuses.length === 0) {
      rows = this.statement(listSql({ status: false, after: cursor !== null })).all(params) as ListRow[];
    } else {
      // Statuses are disjoint, so the page is the newest `limit` of the per-status pages together.
      rows = this.readStatuses(statuses, params).sort(newestFirst).slice(0, params.limit);
    }
    return {
      tasks: rows.slice(0, query.first).map((row) => parseTaskRecord(row.record)),
      hasNextPage: rows.length > query.first,
    };
  }

  async findByVendorTask(tenant: string, kind: TaskKind, vendorTaskId: string): Promise<TaskRecord | null> {
    const row = this.statement(
      'SELECT record FROM tasks WHERE tenant = ? AND kind = ? AND vendor_task_id = ? ORDER BY created_at DESC LIMIT 1',
    ).get(tenant, kind, vendorTaskId) as Row | undefined;
    return row ? parseTaskRecord(row.record) : null;
  }

  async listScheduled(): Promise<DueTask[]> {
    return this.statement(
      'SELECT id, next_poll_at AS nextPollAt FROM tasks WHERE next_poll_at IS NOT NULL',
    ).all() as DueTask[];
  }

  async countByStatus(): Promise<Map<TaskStatus, number>> {
    const rows = this.statement(COUNT_BY_STATUS_SQL).all() as { status: TaskStatus; n: number }[];
    return new Map(rows.map((r) => [r.status, r.n]));
  }

  /**
   * Deletes the finished tasks and the vendor-task claims whose retention has passed, in batches of
   * SWEEP_BATCH rows with a turn of the event loop between them, so that a large backlog (the first
   * sweep after an upgrade) neither holds the write lock nor blocks requests for long. Runs on its own
   * every `sweepIntervalMs`; returns the number of tasks deleted.
   */
  async sweep(): Promise<number> {
    const cutoff = this.now() - this.retentionMs;
    const tasks = await this.deleteInBatches(SWEEP_TASKS_SQL, cutoff);
    // claimed_at is an ISO string (it was a record's createdAt before claims had their own time).
    await this.deleteInBatches(SWEEP_OWNERS_SQL, new Date(cutoff).toISOString());
    await this.deleteInBatches(SWEEP_INTENTS_SQL, new Date(this.now() - IDEMPOTENCY_WINDOW_MS).toISOString());
    return tasks;
  }

  async ping(): Promise<void> {
    this.statement('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = null;
    if (!this.db.open) return;
    // Fold the WAL back into the main file so a copied database file is complete on its own.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }

  private async deleteInBatches(sql: string, cutoff: number | string): Promise<number> {
    let total = 0;
    // A sweep that outlives close() (it yields between batches) stops at the next batch.
    while (this.db.open) {
      const { changes } = this.statement(sql).run({ cutoff, limit: SWEEP_BATCH });
      if (changes > 0) this.cache.clear();
      total += changes;
      if (changes < SWEEP_BATCH) break;
      await nextTurn();
    }
    return total;
  }

  /** One sweep after `delayMs`, the next one an interval after it ends: sweeps never overlap. */
  private scheduleSweep(delayMs: number): void {
    if (this.sweepIntervalMs === 0 || !this.db.open) return;
    this.sweepTimer = setTimeout(
      () => {
        this.sweep()
          .catch(this.onSweepError)
          .finally(() => this.scheduleSweep(this.sweepIntervalMs));
      },
      Math.min(delayMs, MAX_TIMER_MS),
    );
    // Retention must not keep a process alive that has nothing else to do.
    this.sweepTimer.unref();
  }

  private pollColumns(task: TaskRecord) {
    return {
      id: task.id,
      version: task.version,
      nextPollAt: task.poll.nextPollAt,
      record: JSON.stringify(task),
    };
  }

  private columns(task: TaskRecord) {
    return {
      id: task.id,
      tenant: task.tenant,
      vendor: task.vendor,
      kind: task.kind,
      vendorTaskId: task.vendorTaskId,
      status: task.status,
      version: task.version,
      createdAt: task.createdAt,
      nextPollAt: task.poll.nextPollAt,
      // Every terminal write restarts the retention clock, as Redis' PEXPIREAT does; a task that runs
      // again (a renewed download) is kept for good.
      finishedAt: isTerminal(task.status) ? this.now() : null,
      record: JSON.stringify(task),
    };
  }
}

/**
 * `ORDER BY created_at DESC, id DESC` as SQLite compares TEXT (BINARY: UTF-8 bytes), which is not
 * JavaScript's UTF-16 order for every string.
 */
function newestFirst(a: ListRow, b: ListRow): number {
  return compareBytes(b.createdAt, a.createdAt) || compareBytes(b.id, a.id);
}

function compareBytes(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function isTrackedTwice(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    error.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes('tasks.tenant')
  );
}
