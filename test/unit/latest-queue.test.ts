import { describe, expect, it } from 'vitest';
import { LatestValueQueue } from '../../src/events/latest-queue.js';

interface V {
  id: string;
  n: number;
}

describe('LatestValueQueue', () => {
  it('hands a value straight to a waiting reader', async () => {
    const q = new LatestValueQueue<V>((v) => v.id);
    const next = q.next();
    q.push({ id: 'a', n: 1 });
    await expect(next).resolves.toEqual({ value: { id: 'a', n: 1 }, done: false });
  });

  it('keeps only the newest value per key for a slow reader', async () => {
    const q = new LatestValueQueue<V>((v) => v.id);
    for (let n = 1; n <= 1000; n++) q.push({ id: 'a', n });
    q.push({ id: 'b', n: 1 });
    expect(q.size).toBe(2);
    expect((await q.next()).value).toEqual({ id: 'a', n: 1000 });
    expect((await q.next()).value).toEqual({ id: 'b', n: 1 });
  });

  it('orders keys by their latest change', async () => {
    const q = new LatestValueQueue<V>((v) => v.id);
    q.push({ id: 'a', n: 1 });
    q.push({ id: 'b', n: 1 });
    q.push({ id: 'a', n: 2 });
    expect((await q.next()).value?.id).toBe('b');
    expect((await q.next()).value).toEqual({ id: 'a', n: 2 });
  });

  it('close ends iteration, including a pending reader', async () => {
    const q = new LatestValueQueue<V>((v) => v.id);
    const pending = q.next();
    q.close();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    q.push({ id: 'a', n: 1 });
    await expect(q.next()).resolves.toMatchObject({ done: true });
  });
});
