import { setMaxListeners } from 'node:events';
import type { TaskRecord } from '../tasks/model.js';

export type TaskListener = (task: TaskRecord) => void;

/**
 * Task change notifications. Every event carries the full snapshot, so fan-out to N subscribers
 * needs no store reads. Implementations sit on an EventTarget: in-memory or Redis
 * (pub/sub, src/events/redis-task-events.ts), chosen by REDIS_URL.
 */
export interface TaskEvents {
  publish(task: TaskRecord): void;
  /** Changes of one task of one tenant. Returns the unsubscribe function. */
  onTask(tenant: string, taskId: string, listener: TaskListener): () => void;
  /** Changes of all tasks of one tenant. */
  onTenant(tenant: string, listener: TaskListener): () => void;
  /**
   * Called after the transport lost messages it cannot replay (a Redis reconnect: its pub/sub is
   * at-most-once), so that open subscriptions re-read the authoritative state. Never for memory.
   */
  onResync(listener: () => void): () => void;
  close(): Promise<void>;
}

/** The EventTarget subset that Node's EventTarget and the Redis event target share. */
export interface TaskEventTarget {
  addEventListener(type: string, listener: (event: CustomEvent<TaskRecord>) => void): void;
  removeEventListener(type: string, listener: (event: CustomEvent<TaskRecord>) => void): void;
  dispatchEvent(event: CustomEvent<TaskRecord>): boolean;
}

/** The listeners of one topic, behind the one handler registered on the target for all of them. */
interface Topic {
  readonly topic: string;
  readonly listeners: Set<TaskListener>;
  readonly handler: (event: CustomEvent<TaskRecord>) => void;
}

export class EventTargetTaskEvents implements TaskEvents {
  private readonly resyncListeners = new Set<() => void>();
  /**
   * Node's EventTarget walks a topic's whole listener list on every add and remove, so 10,000
   * subscribers of one task cost O(n^2) to open and close; the target gets one handler per topic
   * instead (one Redis SUBSCRIBE too), and the subscribers live in a Set here.
   */
  private readonly topics = new Map<string, Topic>();

  /** `topicPrefix` keeps deployments that share one Redis apart. */
  constructor(
    private readonly target: TaskEventTarget,
    private readonly onClose: () => Promise<void> = async () => {},
    private readonly topicPrefix = '',
  ) {}

  publish(task: TaskRecord): void {
    this.target.dispatchEvent(new CustomEvent(this.taskTopic(task.tenant, task.id), { detail: task }));
    this.target.dispatchEvent(new CustomEvent(this.tenantTopic(task.tenant), { detail: task }));
  }

  onTask(tenant: string, taskId: string, listener: TaskListener): () => void {
    return this.listen(this.taskTopic(tenant, taskId), listener);
  }

  onTenant(tenant: string, listener: TaskListener): () => void {
    return this.listen(this.tenantTopic(tenant), listener);
  }

  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  /** Tells every open subscription to re-read its state. */
  resync(): void {
    for (const listener of [...this.resyncListeners]) listener();
  }

  private taskTopic(tenant: string, id: string): string {
    return `${this.topicPrefix}task:${tenant}:${id}`;
  }

  private tenantTopic(tenant: string): string {
    return `${this.topicPrefix}tenant:${tenant}`;
  }

  close(): Promise<void> {
    return this.onClose();
  }

  private listen(topic: string, listener: TaskListener): () => void {
    let entry = this.topics.get(topic);
    if (!entry) {
      const listeners = new Set<TaskListener>();
      const handler = (event: CustomEvent<TaskRecord>) => {
        for (const each of listeners) deliver(each, event.detail);
      };
      entry = { topic, listeners, handler };
      this.topics.set(topic, entry);
      this.target.addEventListener(topic, handler);
    }
    // The same function may listen twice (two subscriptions sharing a callback): each gets its own entry.
    const own: TaskListener = (task) => listener(task);
    entry.listeners.add(own);
    const joined = entry;
    return () => {
      if (joined.listeners.delete(own) && joined.listeners.size === 0) this.dropTopic(joined);
    };
  }

  /** The topic's last listener left (the topic string lives in the entry, not in every listener). */
  private dropTopic(entry: Topic): void {
    if (this.topics.get(entry.topic) === entry) this.topics.delete(entry.topic);
    this.target.removeEventListener(entry.topic, entry.handler);
  }
}

/** One listener's failure must not keep the event from the others, nor end the process. */
function deliver(listener: TaskListener, task: TaskRecord): void {
  try {
    listener(task);
  } catch (error) {
    process.emitWarning(error instanceof Error ? error : new Error(String(error)));
  }
}

export function createMemoryTaskEvents(): TaskEvents {
  const target = new EventTarget();
  // One handler per topic, but one topic per watched task: many thousands are normal, not a leak.
  setMaxListeners(0, target);
  return new EventTargetTaskEvents(target as unknown as TaskEventTarget);
}
