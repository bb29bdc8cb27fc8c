import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { parseTaskRecord, type TaskRecord } from '../tasks/model.js';
import { EventTargetTaskEvents, type TaskEvents, type TaskEventTarget } from './task-events.js';

type Listener = (event: CustomEvent<TaskRecord>) => void;

/**
 * Task changes over Redis pub/sub, so a subscriber on one instance gets the changes polled by
 * another. Redis pub/sub is at-most-once: messages published while the subscriber connection was
 * down are gone, so every reconnect asks open subscriptions to re-read.
 *
 * Connections are named `<prefix>events`, so operators can tell them apart in CLIENT LIST.
 */
export function createRedisTaskEvents(redisUrl: string, topicPrefix: string, logger: Logger): TaskEvents {
  const connectionName = `${topicPrefix.replace(/[^\w:-]/g, '_')}events`;
  const publishClient = new Redis(redisUrl, { connectionName });
  const subscribeClient = new Redis(redisUrl, { connectionName });
  for (const client of [publishClient, subscribeClient]) {
    client.on('error', (err) => logger.warn({ err: err.message }, 'redis pub/sub connection error'));
  }
  const target = redisEventTarget(publishClient, subscribeClient, logger);
  const events = new EventTargetTaskEvents(
    target,
    async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
    topicPrefix,
  );
  let connectedOnce = false;
  subscribeClient.on('ready', () => {
    if (connectedOnce) {
      logger.info('redis pub/sub reconnected: open subscriptions re-read their tasks');
      target.resubscribe();
      events.resync();
    }
    connectedOnce = true;
  });
  return events;
}

/**
 * An EventTarget over two ioredis connections. Written here rather than taken from
 * @graphql-yoga/redis-event-target because that one leaves the promises of SUBSCRIBE, UNSUBSCRIBE and
 * PUBLISH unhandled: a connection lost mid-command rejected them and Node ended the process.
 */
function redisEventTarget(
  publishClient: Redis,
  subscribeClient: Redis,
  logger: Logger,
): TaskEventTarget & { resubscribe(): void } {
  const listenersByTopic = new Map<string, Set<Listener>>();
  const failed = (command: string) => (err: Error) =>
    logger.warn({ err: err.message, command }, 'redis pub/sub command failed');

  subscribeClient.on('message', (topic: string, message: string) => {
    const listeners = listenersByTopic.get(topic);
    if (!listeners) return;
    let detail: TaskRecord;
    try {
      // Another version of the gateway may publish: read it as a stored record.
      detail = parseTaskRecord(message);
    } catch {
      logger.warn({ topic }, 'redis pub/sub message is not JSON: ignored');
      return;
    }
    for (const listener of [...listeners]) listener(new CustomEvent(topic, { detail }));
  });

  return {
    addEventListener(topic, listener) {
      let listeners = listenersByTopic.get(topic);
      if (!listeners) {
        listeners = new Set();
        listenersByTopic.set(topic, listeners);
        subscribeClient.subscribe(topic).catch(failed('SUBSCRIBE'));
      }
      listeners.add(listener);
    },
    removeEventListener(topic, listener) {
      const listeners = listenersByTopic.get(topic);
      if (!listeners?.delete(listener) || listeners.size > 0) return;
      listenersByTopic.delete(topic);
      subscribeClient.unsubscribe(topic).catch(failed('UNSUBSCRIBE'));
    },
    dispatchEvent(event) {
      publishClient.publish(event.type, JSON.stringify(event.detail)).catch(failed('PUBLISH'));
      return true;
    },
    /** Subscribes again to every open topic: a SUBSCRIBE that failed while the connection was down is not retried by ioredis. */
    resubscribe() {
      const topics = [...listenersByTopic.keys()];
      if (topics.length > 0) subscribeClient.subscribe(...topics).catch(failed('SUBSCRIBE'));
    },
  };
}
