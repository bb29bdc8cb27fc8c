import { describe, expect, it } from 'vitest';
import { holdBackForThisRun, MESSAGES_PER_WRITE } from '../../src/graphql/grouped-writes.js';

/** A socket that records what a real one would write: messages leave when it is not corked. */
function fakeSocket() {
  let corked = 0;
  const held: number[] = [];
  const writes: number[][] = [];
  const flush = () => {
    if (held.length) writes.push(held.splice(0));
  };
  return {
    cork: () => {
      corked++;
    },
    uncork: () => {
      corked--;
      if (corked === 0) flush();
    },
    write(message: number) {
      held.push(message);
      if (corked === 0) flush();
    },
    writes,
    corked: () => corked,
  };
}

const endOfRun = () => new Promise<void>((resolve) => process.nextTick(resolve));

describe('holdBackForThisRun', () => {
  it('sends the messages of one run in groups of MESSAGES_PER_WRITE, the rest at the end of the run', async () => {
    const socket = fakeSocket();
    const count = MESSAGES_PER_WRITE * 2 + 3;
    for (let i = 0; i < count; i++) {
      holdBackForThisRun(socket);
      socket.write(i);
    }
    expect(socket.writes.map((w) => w.length)).toEqual([MESSAGES_PER_WRITE, MESSAGES_PER_WRITE]);
    await endOfRun();
    expect(socket.writes.map((w) => w.length)).toEqual([MESSAGES_PER_WRITE, MESSAGES_PER_WRITE, 3]);
    expect(socket.writes.flat()).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(socket.corked()).toBe(0);
  });

  it('holds a lone message only until the end of its run, and each socket on its own', async () => {
    const a = fakeSocket();
    const b = fakeSocket();
    holdBackForThisRun(a);
    a.write(1);
    holdBackForThisRun(b);
    b.write(2);
    expect(a.writes).toEqual([]);
    await endOfRun();
    expect(a.writes).toEqual([[1]]);
    expect(b.writes).toEqual([[2]]);
    // A later run starts afresh.
    holdBackForThisRun(a);
    a.write(3);
    await endOfRun();
    expect(a.writes).toEqual([[1], [3]]);
    expect(a.corked()).toBe(0);
  });
});
