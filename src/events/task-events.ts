import { setMaxListeners } from 'node:events';
import type { TaskRecord } from '../tasks/model.js';

export type TaskListener = (task: TaskRecord) => void;

/**
 * Task change notifications. Every event carries the full snapshot, so fan-out to N subscribers
 * needs no store reads. Implementations sit on an EventTarget: in-memory or Redis
 * (@graphql-yoga/redis-event-target), chosen by REDIS_URL.
 */
export interface TaskEvents {
  publish(task: TaskRecord): void;
  /** Changes of one task of one tenant. Returns the unsubscribe function. */
  onTask(tenant: string, taskId: string, listener: TaskListener): () => void;
  /** Changes of all tasks of one tenant. */
  onTenant(tenant: string, listener: TaskListener): () => void;
  close(): Promise<void>;
}

/** The EventTarget subset shared by Node's EventTarget and yoga's typed event targets. */
export interface TaskEventTarget {
  addEventListener(type: string, listener: (event: CustomEvent<TaskRecord>) => void): void;
  removeEventListener(type: string, listener: (event: CustomEvent<TaskRecord>) => void): void;
  dispatchEvent(event: CustomEvent<TaskRecord>): boolean;
}

const taskTopic = (tenant: string, id: string) => `task:${tenant}:${id}`;
const tenantTopic = (tenant: string) => `tenant:${tenant}`;

export class EventTargetTaskEvents implements TaskEvents {
  constructor(
    private readonly target: TaskEventTarget,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  publish(task: TaskRecord): void {
    this.target.dispatchEvent(new CustomEvent(taskTopic(task.tenant, task.id), { detail: task }));
    this.target.dispatchEvent(new CustomEvent(tenantTopic(task.tenant), { detail: task }));
  }

  onTask(tenant: string, taskId: string, listener: TaskListener): () => void {
    return this.listen(taskTopic(tenant, taskId), listener);
  }

  onTenant(tenant: string, listener: TaskListener): () => void {
    return this.listen(tenantTopic(tenant), listener);
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
