/**
 * Keeps bursts of work from holding the event loop: thousands of subscribe messages can arrive in
 * one read of a few sockets, and set up one after another they would delay every timer (the
 * poller's among them) by seconds. Work that starts through `pauseIfBusy` runs while the current
 * turn of the event loop is younger than TURN_BUDGET_MS; later work waits for a following turn,
 * after the timers have had theirs.
 */

/** The longest a burst may hold one turn before timers get theirs (work admitted in it may overrun a little). */
const TURN_BUDGET_MS = 10;

let turnStartedAt = 0;
let turnOpen = false;

function closeTurn(): void {
  turnOpen = false;
}

function turnAge(): number {
  const now = performance.now();
  if (!turnOpen) {
    turnOpen = true;
    turnStartedAt = now;
    // The check phase ends the turn; immediates queued during it run in the next turn, after the timers.
    setImmediate(closeTurn);
  }
  return now - turnStartedAt;
}

/** Resolves at once while the turn is young; else in the first later turn that is. */
export async function pauseIfBusy(): Promise<void> {
  while (turnAge() >= TURN_BUDGET_MS) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
