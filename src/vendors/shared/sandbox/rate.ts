/**
 * A vendor's QPS budget (PatSnap 67200002, DMS Throttling.User, DLC RequestLimitExceeded): at most
 * `qps` accepted calls per calendar second (`Math.floor(ms / 1000)`), shared by every API call of the
 * credential. A refused call does not use budget, so a client that backs off is served as soon as the
 * next second starts. This is the in-process budget; state.ts has the cluster-wide one.
 */
export class RateBudget {
  #second = Number.NaN;
  #used = 0;

  /** Takes one call from the current second's budget of `qps`; false when it is spent. */
  tryTake(nowMs: number, qps: number): boolean {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#used = 0;
    }
    if (this.#used >= qps) return false;
    this.#used += 1;
    return true;
  }
}
