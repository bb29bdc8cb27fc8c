import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { BadInputError } from '../errors.js';
import { parseTaskRecord, type TaskKind, type TaskRecord, type TaskStatus } from '../tasks/model.js';
import {
  AlreadyTrackedError,
  type DueTask,
  decodeCursor,
  type TaskListQuery,
  type TaskPage,
  type TaskStore,
} from './task-store.js';

/**
 * Ordered migrations; the index + 1 is the version recorded in `schema_migrations`.
 * Append only: a shipped migration never changes.
 */
const MIGRATIONS: readonly string[] = [
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
];

interface Row {
  record: string;
}

export class SqliteTaskStore implements TaskStore {
  private readonly db: Database.Database;
  /** Prepared once: preparing on every poll's read and write was a measurable share of idle CPU. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commit.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
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
    const row = this.statement('SELECT MAX(version) AS v FROM schema_migrations').get() as {
      v: number | null;
    };
    const current = row.v ?? 0;
    MIGRATIONS.slice(current).forEach((sql, i) => {
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db
          .prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)')
          .run(current + i + 1, new Date().toISOString());
      })();
    });
  }

  async insert(task: TaskRecord): Promise<void> {
    try {
      this.statement(
        `INSERT INTO tasks (id, tenant, vendor, kind, vendor_task_id, origin, status, version, created_at, next_poll_at, record)
           VALUES (@id, @tenant, @vendor, @kind, @vendorTaskId, @origin, @status, @version, @createdAt, @nextPollAt, @record)`,
      ).run({ ...this.columns(task), origin: task.origin });
    } catch (error) {
      if (isTrackedTwice(error)) throw new AlreadyTrackedError();
      throw error;
    }
  }

  async claim(kind: TaskKind, vendorTaskId: string, tenant: string): Promise<string> {
    this.statement(
      `INSERT OR IGNORE INTO vendor_task_owners (kind, vendor_task_id, tenant, claimed_at) VALUES (?, ?, ?, ?)`,
    ).run(kind, vendorTaskId, tenant, new Date().toISOString());
    return (await this.ownerOf(kind, vendorTaskId)) ?? tenant;
  }

  async ownerOf(kind: TaskKind, vendorTaskId: string): Promise<string | null> {
    const row = this.statement(
      'SELECT tenant FROM vendor_task_owners WHERE kind = ? AND vendor_task_id = ?',
    ).get(kind, vendorTaskId) as { tenant: string } | undefined;
    return row?.tenant ?? null;
  }

  async get(id: string): Promise<TaskRecord | null> {
    const row = this.statement('SELECT record FROM tasks WHERE id = ?').get(id) as Row | undefined;
    return row ? parseTaskRecord(row.record) : null;
  }

  async compareAndSet(next: TaskRecord, expectedVersion: number): Promise<boolean> {
    const result = this.statement(
      `UPDATE tasks SET status = @status, version = @version, next_poll_at = @nextPollAt, record = @record,
             vendor_task_id = @vendorTaskId
         WHERE id = @id AND version = @expectedVersion`,
    ).run({ ...this.columns(next), expectedVersion });
    return result.changes === 1;
  }

  async list(query: TaskListQuery): Promise<TaskPage> {
    const where = ['tenant = @tenant'];
    const params: Record<string, unknown> = { tenant: query.tenant, limit: query.first + 1 };
    if (query.after) {
      const cursor = decodeCursor(query.after);
      if (!cursor) throw new BadInputError('after', 'after is not a cursor returned by tasks');
      where.push('(created_at < @cAt OR (created_at = @cAt AND id < @cId))');
      params.cAt = cursor.createdAt;
      params.cId = cursor.id;
    }
    if (query.statuses?.length) {
      const names = query.statuses.map((s, i) => {
        params[`s${i}`] = s;
        return `@s${i}`;
      });
      where.push(`status IN (${names.join(', ')})`);
    }
    if (query.vendor) {
      where.push('vendor = @vendor');
      params.vendor = query.vendor;
    }
    const rows = this.statement(
      `SELECT record FROM tasks WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT @limit`,
    ).all(params) as Row[];
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
    const rows = this.statement('SELECT status, COUNT(*) AS n FROM tasks GROUP BY status').all() as {
      status: TaskStatus;
      n: number;
    }[];
    return new Map(rows.map((r) => [r.status, r.n]));
  }

  async ping(): Promise<void> {
    this.statement('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Fold the WAL back into the main file so a copied database file is complete on its own.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
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
      record: JSON.stringify(task),
    };
  }
}

function isTrackedTwice(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    error.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes('tasks.tenant')
  );
}
