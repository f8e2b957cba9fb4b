/** Weight of the newest sample: about the last five requests dominate, so a slowed target is noticed quickly. */
const ALPHA = 0.3;

/** An exponentially weighted moving average of a target's time to response headers, for `lowest-latency`. */
export class LatencyEwma {
  #value: number | undefined = undefined;

  /** The average in milliseconds; undefined until the first sample (such a target is tried first: explore). */
  get value(): number | undefined {
    return this.#value;
  }

  observe(ms: number): void {
    this.#value = this.#value === undefined ? ms : this.#value + ALPHA * (ms - this.#value);
  }
}
