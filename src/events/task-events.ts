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

export class EventTargetTaskEvents implements TaskEvents {
  private readonly resyncListeners = new Set<() => void>();

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
    const handler = (event: CustomEvent<TaskRecord>) => listener(event.detail);
    this.target.addEventListener(topic, handler);
    return () => this.target.removeEventListener(topic, handler);
  }
}

export function createMemoryTaskEvents(): TaskEvents {
  const target = new EventTarget();
  // One listener per open subscription on a topic: thousands are normal, not a leak.
  setMaxListeners(0, target);
  return new EventTargetTaskEvents(target as unknown as TaskEventTarget);
}
