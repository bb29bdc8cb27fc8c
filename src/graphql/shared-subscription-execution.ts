import { createSourceEventStream, type ExecutionArgs, type ExecutionResult, execute } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/**
 * One execution per subscription event, shared by every subscriber that would compute the same answer.
 *
 * graphql-js runs a subscription's selection set once per subscriber and event: with 10,000 watchers
 * of one task, one change cost 10,000 executions and as many serializations. Subscribers whose answer
 * is necessarily the same (same document, operation, variables and audience, i.e. tenant and scopes)
 * form a group; within it an event that is a versioned snapshot (`{ id, version }`, version bumped on
 * every write) is executed once per (id, version), and its JSON text is made once (`sharedJson`).
 *
 * Each subscriber keeps its own event stream (snapshot first, newest state only, completion after a
 * terminal state): only the mapping of an event to its result is shared, so those semantics are
 * untouched. Events that are not versioned snapshots are executed per subscriber, as graphql-js does.
 */

interface VersionedEvent {
  id: string;
  version: number;
}

function isVersioned(event: unknown): event is VersionedEvent {
  if (typeof event !== 'object' || event === null) return false;
  const { id, version } = event as Partial<VersionedEvent>;
  return typeof id === 'string' && typeof version === 'number';
}

/** Results kept per group: the latest version of each event id (one for `taskUpdated`). */
const RESULTS_PER_GROUP = 512;

interface Group {
  subscribers: number;
  /** One subscriber fewer; the last one out removes the group. */
  leave(): void;
  results: LRUCache<string, { version: number; result: Promise<ExecutionResult> | ExecutionResult }>;
}

/** Results handed to more than one subscriber, and their JSON text once it was made. */
const sharedResults = new WeakSet<ExecutionResult>();
const jsonOfShared = new WeakMap<ExecutionResult, string>();

/**
 * The result's JSON text (as graphql-ws sends it), made once for all of its subscribers; null for a
 * result that is not shared or that carries errors (those go through error masking per subscriber).
 */
export function sharedJson(result: ExecutionResult): string | null {
  if (!sharedResults.has(result) || result.errors?.length) return null;
  let json = jsonOfShared.get(result);
  if (json === undefined) {
    json = JSON.stringify(result);
    jsonOfShared.set(result, json);
  }
  return json;
}

export interface SharedSubscriptionOptions<Context> {
  /**
   * Who the answer is for: subscribers with the same audience and the same operation get the same
   * result. Must cover everything in the context that a resolver's output depends on.
   */
  audienceOf(context: Context): string;
  /**
   * Drops what a subscriber's context memoized while its subscription was being set up. The context
   * lives as long as the subscription (its events may be executed with it), so with tens of thousands
   * open, such per-request memos are a large part of the memory.
   */
  afterSubscribe?(context: Context): void;
}

/** An envelop plugin that replaces `subscribe` with the shared executor for every subscription. */
export function useSharedSubscriptionExecution<Context>(opts: SharedSubscriptionOptions<Context>): Plugin {
  const groups = new Map<string, Group>();

  const subscribe = async (args: ExecutionArgs) => {
    const source = await createSourceEventStream(args);
    opts.afterSubscribe?.(args.contextValue as Context);
    if (!isAsyncIterableObject(source)) return source;
    const key = groupKey(args, opts.audienceOf(args.contextValue as Context));
    let group = groups.get(key);
    if (!group) {
      // Made once per group, so that subscribers do not each hold the key (a few hundred bytes of JSON).
      const created: Group = {
        subscribers: 0,
        results: new LRUCache({ max: RESULTS_PER_GROUP }),
        leave: () => {
          created.subscribers--;
          if (created.subscribers === 0 && groups.get(key) === created) groups.delete(key);
        },
      };
      group = created;
      groups.set(key, group);
    }
    group.subscribers++;
    return new GroupStream(source, group, args);
  };

  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(subscribe);
    },
  };
}

function resultOf(group: Group, args: ExecutionArgs, event: unknown) {
  const run = () => execute({ ...args, rootValue: event });
  if (!isVersioned(event)) return run();
  const cached = group.results.get(event.id);
  if (cached && cached.version === event.version) return cached.result;
  const result = run();
  // A newer version replaces an older one; an older event (a slow stream) never evicts a newer one.
  if (!cached || cached.version < event.version) {
    group.results.set(event.id, { version: event.version, result });
    if (result instanceof Promise) {
      result.then(
        (value) => sharedResults.add(value),
        () => group.results.delete(event.id),
      );
    } else sharedResults.add(result);
  }
  return result;
}

/**
 * The key of the subscribers that get identical answers. The document is identified by its source
 * text (yoga's parser cache may or may not hand out one object per text).
 */
function groupKey(args: ExecutionArgs, audience: string): string {
  const source = args.document.loc?.source.body ?? documentIdentity(args.document);
  return JSON.stringify([audience, args.operationName ?? null, args.variableValues ?? null, source]);
}

const documentIds = new WeakMap<object, string>();
let nextDocumentId = 0;
function documentIdentity(document: object): string {
  let id = documentIds.get(document);
  if (!id) {
    id = `#document-${nextDocumentId++}`;
    documentIds.set(document, id);
  }
  return id;
}

function isAsyncIterableObject(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * `source` mapped to results through the group; the subscriber leaves the group once however the
 * stream ends (completion, `return()` by the transport, or an error), so membership never leaks.
 * A class rather than an object of closures: there is one per open subscription.
 */
class GroupStream implements AsyncIterableIterator<ExecutionResult> {
  readonly #iterator: AsyncIterator<unknown>;
  #group: Group | null;

  constructor(
    source: AsyncIterable<unknown>,
    group: Group,
    private readonly args: ExecutionArgs,
  ) {
    this.#iterator = source[Symbol.asyncIterator]();
    this.#group = group;
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    try {
      const step = await this.#iterator.next();
      const group = this.#group;
      if (step.done || !group) {
        this.#leave();
        return { value: undefined, done: true };
      }
      return { value: await resultOf(group, this.args, step.value), done: false };
    } catch (error) {
      this.#leave();
      throw error;
    }
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.#leave();
    await this.#iterator.return?.();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.#leave();
    await this.#iterator.return?.();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }

  #leave(): void {
    this.#group?.leave();
    this.#group = null;
  }
}
