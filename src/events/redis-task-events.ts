import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { TaskRecord } from '../tasks/model.js';
import { EventTargetTaskEvents, type TaskEvents, type TaskEventTarget } from './task-events.js';

/**
 * Task changes over Redis pub/sub (yoga's Redis event target), so a subscriber on one instance gets
 * the changes polled by another. Redis pub/sub is at-most-once: messages published while the
 * subscriber connection was down are gone, so every reconnect asks open subscriptions to re-read.
 */
export function createRedisTaskEvents(redisUrl: string, topicPrefix: string, logger: Logger): TaskEvents {
  const publishClient = new Redis(redisUrl, { lazyConnect: false });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false });
  for (const client of [publishClient, subscribeClient]) {
    client.on('error', (err) => logger.warn({ err: err.message }, 'redis pub/sub connection error'));
  }
  const target = createRedisEventTarget<CustomEvent<TaskRecord>>({ publishClient, subscribeClient });
  const events = new EventTargetTaskEvents(
    target as unknown as TaskEventTarget,
    async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
    topicPrefix,
  );
  let connectedOnce = false;
  subscribeClient.on('ready', () => {
    // ioredis re-subscribes its channels on reconnect; what was published meanwhile is lost.
    if (connectedOnce) {
      logger.info('redis pub/sub reconnected: open subscriptions re-read their tasks');
      events.resync();
    }
    connectedOnce = true;
  });
  return events;
}
