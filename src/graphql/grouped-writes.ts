import type { Socket } from 'node:net';

/**
 * A change delivered to the many subscriptions of one socket would cost a write system call per
 * message (a quarter of the time of a 5,000-subscriber delivery went into them). Instead the socket is
 * corked while the current run of callbacks and microtasks lasts (process.nextTick ends it) and flushed
 * every MESSAGES_PER_WRITE messages: messages leave in groups, and the first ones of a long delivery do
 * not wait for the whole of it. A lone message leaves at the end of the run that sent it.
 */
export const MESSAGES_PER_WRITE = 16;

type Corkable = Pick<Socket, 'cork' | 'uncork'>;

/** Sockets corked in this run, and how many messages each holds back. */
const heldBack = new Map<Corkable, number>();

/** Call before writing one message to `socket`. */
export function holdBackForThisRun(socket: Corkable): void {
  const held = heldBack.get(socket);
  if (held === undefined) {
    socket.cork();
    heldBack.set(socket, 1);
    process.nextTick(release, socket);
  } else if (held >= MESSAGES_PER_WRITE) {
    // Out with what is held; this message starts the next group.
    heldBack.set(socket, 1);
    socket.uncork();
    socket.cork();
  } else {
    heldBack.set(socket, held + 1);
  }
}

function release(socket: Corkable): void {
  heldBack.delete(socket);
  socket.uncork();
}
