/**
 * The vendor's QPS budget (error 67200002): at most `qps` accepted calls per calendar second
 * (`Math.floor(ms / 1000)`), shared by every API call of the credential. A refused call does not use
 * budget, so a client that backs off is served as soon as the next second starts.
 */
export class RateBudget {
  #second = Number.NaN;
  #used = 0;

  constructor(private readonly qps: number) {}

  /** Takes one call from the current second's budget; false when it is spent. */
  tryTake(nowMs: number): boolean {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#used = 0;
    }
    if (this.#used >= this.qps) return false;
    this.#used += 1;
    return true;
  }
}
