import { Redis } from 'ioredis';
import { BadInputError } from '../errors.js';
import {
  isTerminal,
  parseTaskRecord,
  TASK_STATUSES,
  type TaskKind,
  type TaskRecord,
  type TaskStatus,
} from '../tasks/model.js';
import {
  ABANDON_START_LUA,
  BEGIN_START_LUA,
  COMPARE_AND_SET_LUA,
  COMPLETE_START_LUA,
  INDEX_STATUS_LUA,
  INSERT_LUA,
  PAGE_LUA,
  STATUS_PAGE_LUA,
  SWEEP_LUA,
} from './redis-scripts.js';
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

export interface RedisTaskStoreOptions {
  /** Prefix of every key of the store; instances that share tasks share the prefix. */
  keyPrefix?: string;
  /** How long a terminal task is kept after its last write. */
  retentionMs?: number;
}

/** Index members scanned per script call: bounds how long one list call holds Redis. */
const SCAN_BUDGET = 500;
const SWEEP_LIMIT = 500;
const PIPELINE_CHUNK = 500;

/** Set once every record is in its status set; see redis-scripts.ts. */
const STATUS_INDEX_MARKER = 'status-index';
/** Record keys filed per buildStatusIndex script call. */
const INDEX_CHUNK = 500;

type Script = (...args: (string | number)[]) => Promise<unknown>;
type PageReply = [string[], string, number, number];
/** One page script call: from an exclusive lex bound, up to `want` records. */
type PageCall = (bound: string, want: number) => Promise<PageReply>;

// The scripts without numberOfKeys take a variable number of keys, passed as their first argument.
const SCRIPTS = {
  gwTaskStoreInsert: { numberOfKeys: 8, lua: INSERT_LUA },
  gwTaskStoreCas: { numberOfKeys: 6, lua: COMPARE_AND_SET_LUA },
  gwTaskStorePage: { numberOfKeys: 1, lua: PAGE_LUA },
  gwTaskStoreStatusPage: { lua: STATUS_PAGE_LUA },
  gwTaskStoreIndexStatus: { lua: INDEX_STATUS_LUA },
  gwTaskStoreSweep: { numberOfKeys: 4, lua: SWEEP_LUA },
  gwTaskStoreBeginStart: { numberOfKeys: 2, lua: BEGIN_START_LUA },
  gwTaskStoreCompleteStart: { numberOfKeys: 2, lua: COMPLETE_START_LUA },
  gwTaskStoreAbandonStart: { numberOfKeys: 2, lua: ABANDON_START_LUA },
} satisfies Record<string, { numberOfKeys?: number; lua: string }>;

/**
 * TaskStore on Redis, shared by every gateway instance using the same key prefix. See redis-scripts.ts
 * for the key layout; every write runs as one Lua script, so the record and all of its indexes change
 * together and compare-and-set is atomic across instances.
 *
 * Expired (retention) records can leave index entries behind until the next sweep; readers skip entries
 * whose record is gone and then sweep, and countByStatus sweeps before it reads the counters.
 */
export class RedisTaskStore implements TaskStore {
  private readonly redis: Redis;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly retentionMs: number;
  /** Seen the status-index marker: status filters read the status sets from now on. */
  private statusIndexReady = false;
  private statusIndexBuild: Promise<void> | null = null;
  private closing = false;

  constructor(client: Redis | string, options: RedisTaskStoreOptions = {}) {
    this.prefix = options.keyPrefix ?? 'gw:';
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    // 0 would delete a record in the very script that writes it, leaving its index entries behind.
    if (!Number.isSafeInteger(this.retentionMs) || this.retentionMs < 1) {
      throw new Error(`RedisTaskStore: retentionMs must be a positive integer, got ${this.retentionMs}`);
    }
    // Keys built inside the Lua scripts would not get ioredis' own prefix, and the indexes would break.
    if (typeof client !== 'string' && client.options.keyPrefix) {
      throw new Error('RedisTaskStore: use options.keyPrefix, not a client with its own keyPrefix');
    }
    this.ownsClient = typeof client === 'string';
    this.redis = typeof client === 'string' ? new Redis(client) : client;
    for (const [name, definition] of Object.entries(SCRIPTS)) this.redis.defineCommand(name, definition);
  }

  async insert(task: TaskRecord): Promise<void> {
    const npa = task.poll.nextPollAt;
    const inserted = await this.script('gwTaskStoreInsert')(
      this.recordKey(task.id),
      this.tenantKey(task.tenant),
      this.vendorTaskKey(task.tenant, task.kind, task.vendorTaskId),
      ...this.sharedKeys(),
      this.key(STATUS_INDEX_MARKER),
      task.id,
      JSON.stringify(task),
      String(task.version),
      task.status,
      task.vendor,
      indexMember(task),
      npa ?? '',
      npa ? epochMs(npa, 'nextPollAt') : 0,
      isTerminal(task.status) ? '1' : '0',
      this.retentionMs,
      task.origin === 'TRACKED' ? '1' : '0',
      this.key('task:'),
    );
    if (inserted === 2) throw new AlreadyTrackedError();
    if (inserted !== 1) throw new Error(`task ${task.id} already exists`);
  }

  async claim(kind: TaskKind, vendorTaskId: string, tenant: string): Promise<string> {
    const key = this.ownerKey(kind, vendorTaskId);
    // Claims live as long as a finished record would: past that, nobody can still poll the id.
    const claimed = await this.redis.set(key, tenant, 'PX', this.retentionMs, 'NX');
    if (claimed === 'OK') return tenant;
    return (await this.redis.get(key)) ?? tenant;
  }

  async countActive(tenant: string): Promise<number> {
    const [queued, running] = await Promise.all([
      this.redis.zcard(this.statusKey(tenant, 'QUEUED')),
      this.redis.zcard(this.statusKey(tenant, 'RUNNING')),
    ]);
    return queued + running;
  }

  async beginStart(intent: StartIntent): Promise<StartIntent> {
    const member = intentMember(intent.tenant, intent.key);
    const { state: _state, ...fields } = intent;
    const stored = (await this.script('gwTaskStoreBeginStart')(
      this.key(`intent:${member}`),
      this.key('intents:pending'),
      JSON.stringify(fields),
      Date.parse(intent.createdAt),
      IDEMPOTENCY_WINDOW_MS,
      member,
    )) as [string, string];
    return parseIntent(stored[0], stored[1]);
  }

  async completeStart(tenant: string, key: string): Promise<void> {
    const member = intentMember(tenant, key);
    await this.script('gwTaskStoreCompleteStart')(
      this.key(`intent:${member}`),
      this.key('intents:pending'),
      member,
      IDEMPOTENCY_WINDOW_MS,
    );
  }

  async abandonStart(tenant: string, key: string): Promise<void> {
    const member = intentMember(tenant, key);
    await this.script('gwTaskStoreAbandonStart')(
      this.key(`intent:${member}`),
      this.key('intents:pending'),
      member,
    );
  }

  async getStart(tenant: string, key: string): Promise<StartIntent | null> {
    const [json, state] = await this.redis.hmget(
      this.key(`intent:${intentMember(tenant, key)}`),
      'json',
      'state',
    );
    return json && state ? parseIntent(json, state) : null;
  }

  async listPendingStarts(createdBefore: string): Promise<StartIntent[]> {
    const members = await this.redis.zrangebyscore(
      this.key('intents:pending'),
      '-inf',
      `(${Date.parse(createdBefore)}`,
    );
    const intents: StartIntent[] = [];
    for (const member of members) {
      const [json, state] = await this.redis.hmget(this.key(`intent:${member}`), 'json', 'state');
      if (json && state === 'PENDING') intents.push(parseIntent(json, state));
    }
    return intents;
  }

  ownerOf(kind: TaskKind, vendorTaskId: string): Promise<string | null> {
    return this.redis.get(this.ownerKey(kind, vendorTaskId));
  }

  async get(id: string): Promise<TaskRecord | null> {
    const json = await this.redis.hget(this.recordKey(id), 'json');
    return json === null ? null : parseTaskRecord(json);
  }

  async compareAndSet(next: TaskRecord, expectedVersion: number): Promise<boolean> {
    const npa = next.poll.nextPollAt;
    const written = await this.script('gwTaskStoreCas')(
      this.recordKey(next.id),
      this.vendorTaskKey(next.tenant, next.kind, next.vendorTaskId),
      ...this.sharedKeys(),
      next.id,
      String(expectedVersion),
      JSON.stringify(next),
      String(next.version),
      next.status,
      npa ?? '',
      npa ? epochMs(npa, 'nextPollAt') : 0,
      isTerminal(next.status) ? '1' : '0',
      this.retentionMs,
    );
    return written === 1;
  }

  async list(query: TaskListQuery): Promise<TaskPage> {
    let upper = '+';
    if (query.after) {
      const cursor = decodeCursor(query.after);
      const ms = cursor ? Date.parse(cursor.createdAt) : Number.NaN;
      if (!cursor || !validMs(ms))
        throw new BadInputError('after', 'after is not a cursor returned by tasks');
      upper = `(${memberOf(ms, cursor.id)}`;
    }
    const first = Math.max(0, query.first);
    const vendor = query.vendor ?? '';
    const statuses = [...new Set(query.statuses ?? [])];
    let page: PageCall;
    if (statuses.length > 0 && (await this.statusSetsReady())) {
      // Only the sets of the requested statuses: a filter that matches nothing reads nothing.
      const keys = statuses.map((status) => this.statusKey(query.tenant, status));
      page = async (bound, want) =>
        (await this.script('gwTaskStoreStatusPage')(
          keys.length,
          ...keys,
          this.key('task:'),
          bound,
          want,
          SCAN_BUDGET,
          vendor,
          ...statuses,
        )) as PageReply;
    } else {
      page = this.indexPage(this.tenantKey(query.tenant), vendor, statuses.join(','));
    }
    const tasks = await this.scan(page, upper, first + 1);
    return { tasks: tasks.slice(0, first), hasNextPage: tasks.length > first };
  }

  async findByVendorTask(tenant: string, kind: TaskKind, vendorTaskId: string): Promise<TaskRecord | null> {
    const [task] = await this.scan(this.indexPage(this.vendorTaskKey(tenant, kind, vendorTaskId)), '+', 1);
    return task ?? null;
  }

  async listScheduled(): Promise<DueTask[]> {
    const ids = await this.redis.zrange(this.key('sched'), 0, -1);
    const due: DueTask[] = [];
    let missing = false;
    for (let i = 0; i < ids.length; i += PIPELINE_CHUNK) {
      const chunk = ids.slice(i, i + PIPELINE_CHUNK);
      const pipeline = this.redis.pipeline();
      for (const id of chunk) pipeline.hmget(this.recordKey(id), 'npa', 'version');
      const replies = (await pipeline.exec()) ?? [];
      chunk.forEach((id, j) => {
        const [error, value] = replies[j] ?? [null, null];
        if (error) throw error;
        const [nextPollAt, version] = value as (string | null)[];
        if (version == null) missing = true;
        // No nextPollAt: cleared by a write since the id was read; nothing is due.
        else if (nextPollAt) due.push({ id, nextPollAt });
      });
    }
    if (missing) await this.sweep();
    return due;
  }

  async countByStatus(): Promise<Map<TaskStatus, number>> {
    await this.sweep();
    const counts = await this.redis.hgetall(this.key('counts'));
    const result = new Map<TaskStatus, number>();
    for (const status of TASK_STATUSES) {
      const n = Number(counts[status] ?? 0);
      if (n > 0) result.set(status, n);
    }
    return result;
  }

  /**
   * Removes every record past its retention from the indexes and counters. Runs on its own when a
   * reader meets an expired record and before counting; callable from a periodic job as well.
   */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const [seen, removed] = (await this.script('gwTaskStoreSweep')(
        ...this.sharedKeys(),
        this.key('task:'),
        SWEEP_LIMIT,
      )) as [number, number];
      total += removed;
      if (seen < SWEEP_LIMIT || removed === 0) return total;
    }
  }

  /**
   * Files every record in the set of its status, then marks the store so that status filters read
   * those sets. Needed once for records that a version without status sets wrote; `list` starts it in
   * the background when it finds no marker, and scans the tenant index until it is done. Instances of
   * that older version must be gone by then: a status they write afterwards is not filed (see
   * STATUS_PAGE_LUA); running this again files it.
   */
  async buildStatusIndex(): Promise<void> {
    const pattern = `${this.prefix.replace(/[*?[\]\\]/g, '\\$&')}task:*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      // Stopped by close(): unfinished, so no marker; the next build starts over.
      if (this.closing) return;
      for (let i = 0; i < keys.length; i += INDEX_CHUNK) {
        const chunk = keys.slice(i, i + INDEX_CHUNK);
        await this.script('gwTaskStoreIndexStatus')(chunk.length, ...chunk);
      }
      cursor = next;
    } while (cursor !== '0');
    await this.redis.set(this.key(STATUS_INDEX_MARKER), '1');
    this.statusIndexReady = true;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    // A background build would fail on the closed client: let it stop at its next step.
    this.closing = true;
    await this.statusIndexBuild;
    if (this.ownsClient && this.redis.status !== 'end') await this.redis.quit();
  }

  /** Whether the status sets hold every record; if not, starts building them (once at a time). */
  private async statusSetsReady(): Promise<boolean> {
    if (this.statusIndexReady) return true;
    if ((await this.redis.exists(this.key(STATUS_INDEX_MARKER))) === 1) {
      this.statusIndexReady = true;
      return true;
    }
    this.statusIndexBuild ??= this.buildStatusIndex()
      .catch((error: unknown) =>
        process.emitWarning(
          `RedisTaskStore: building the status sets failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => {
        this.statusIndexBuild = null;
      });
    return false;
  }

  /** Pages of one index (tenant listing or vendor-task lookup), optionally filtered. */
  private indexPage(index: string, vendor = '', statuses = ''): PageCall {
    return async (bound, want) =>
      (await this.script('gwTaskStorePage')(
        index,
        this.key('task:'),
        bound,
        want,
        SCAN_BUDGET,
        vendor,
        statuses,
      )) as PageReply;
  }

  /** Calls `page` newest first until `want` records pass its filters or it runs out. */
  private async scan(page: PageCall, upper: string, want: number): Promise<TaskRecord[]> {
    const found: TaskRecord[] = [];
    let missing = 0;
    let bound = upper;
    while (found.length < want) {
      const [jsons, last, done, gone] = await page(bound, want - found.length);
      for (const json of jsons) found.push(parseTaskRecord(json));
      missing += gone;
      if (done === 1 || last === '') break;
      bound = `(${last}`;
    }
    if (missing > 0) await this.sweep();
    return found;
  }

  private script(name: keyof typeof SCRIPTS): Script {
    const fn = (this.redis as unknown as Record<string, Script | undefined>)[name];
    if (!fn) throw new Error(`RedisTaskStore: script ${name} is not defined on the client`);
    return fn.bind(this.redis);
  }

  private key(suffix: string): string {
    return `${this.prefix}${suffix}`;
  }

  private recordKey(id: string): string {
    return this.key(`task:${id}`);
  }

  private tenantKey(tenant: string): string {
    return this.key(`tenant:${encodeURIComponent(tenant)}`);
  }

  /** The tenant key + ':status:' + status, as `status_key` in redis-scripts.ts builds it. */
  private statusKey(tenant: string, status: TaskStatus): string {
    return `${this.tenantKey(tenant)}:status:${status}`;
  }

  private vendorTaskKey(tenant: string, kind: TaskKind, vendorTaskId: string): string {
    // Encoded parts keep `a:b` + `c` and `a` + `b:c` apart.
    return this.key(`vt:${encodeURIComponent(tenant)}:${kind}:${encodeURIComponent(vendorTaskId)}`);
  }

  private ownerKey(kind: TaskKind, vendorTaskId: string): string {
    return this.key(`owner:${kind}:${encodeURIComponent(vendorTaskId)}`);
  }

  /** sched, counts, retention, retinfo: the KEYS tail of the write and sweep scripts. */
  private sharedKeys(): [string, string, string, string] {
    return [this.key('sched'), this.key('counts'), this.key('retention'), this.key('retinfo')];
  }
}

/**
 * `<createdAt ms, zero-padded to 15 digits>:<id>`: with every score 0 the index sorts by bytes, i.e. by
 * createdAt and then by id, exactly SQLite's `ORDER BY created_at DESC, id DESC`, so cursor paging
 * neither repeats nor skips tasks created in the same millisecond.
 */
function indexMember(task: Pick<TaskRecord, 'createdAt' | 'id'>): string {
  return memberOf(epochMs(task.createdAt, 'createdAt'), task.id);
}

function memberOf(ms: number, id: string): string {
  return `${String(ms).padStart(15, '0')}:${id}`;
}

function validMs(ms: number): boolean {
  return Number.isSafeInteger(ms) && ms >= 0 && ms < 1e15;
}

function epochMs(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (!validMs(ms)) throw new Error(`task ${field} is not a usable timestamp: ${iso}`);
  return ms;
}

/** `<tenant>:<key>`, each encoded, so that `a:b` + `c` and `a` + `b:c` stay apart. */
function intentMember(tenant: string, key: string): string {
  return `${encodeURIComponent(tenant)}:${encodeURIComponent(key)}`;
}

function parseIntent(json: string, state: string): StartIntent {
  const fields: Omit<StartIntent, 'state'> = JSON.parse(json);
  return { ...fields, state: state === 'DONE' ? 'DONE' : 'PENDING' };
}
