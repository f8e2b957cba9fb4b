/** When a target's breaker opens and for how long. */
export interface BreakerPolicy {
  /** Failures within `windowMs` that open the breaker. */
  readonly failures: number;
  readonly windowMs: number;
  /** How long an open breaker skips the target before letting one probe through. */
  readonly cooldownMs: number;
}

/**
 * A breaker's state. `closed` counts recent failures (the times of the last `failures` of them, in a ring);
 * `open` skips the target until `until`; `half-open` lets exactly one probe through, whose outcome closes or
 * reopens it.
 */
export type BreakerState =
  | { readonly kind: 'closed' }
  | { readonly kind: 'open'; readonly until: number }
  | { readonly kind: 'half-open'; readonly probing: boolean };

const CLOSED: BreakerState = { kind: 'closed' };

/**
 * A circuit breaker for one route target (Fowler's, with a failure window like LiteLLM's cooldown). Time is
 * passed in, never read, so the state machine is tested with a plain number.
 */
export class CircuitBreaker {
  readonly #policy: BreakerPolicy;
  /** Times of the most recent failures while closed; `#head` is the oldest slot once full. */
  readonly #times: Float64Array;
  #count = 0;
  #head = 0;
  #state: BreakerState = CLOSED;

  constructor(policy: BreakerPolicy) {
    this.#policy = policy;
    this.#times = new Float64Array(Math.max(1, policy.failures));
  }

  get state(): BreakerState {
    return this.#state;
  }

  /** When an open breaker next lets a probe through (undefined unless open). */
  get retryAt(): number | undefined {
    return this.#state.kind === 'open' ? this.#state.until : undefined;
  }

  /**
   * Whether a request may go to the target now. An open breaker whose cooldown ended turns half-open and this
   * call is its one probe; it must be followed by `success`, `failure` or `release`.
   */
  allow(now: number): boolean {
    const s = this.#state;
    switch (s.kind) {
      case 'closed':
        return true;
      case 'open':
        if (now < s.until) return false;
        this.#state = { kind: 'half-open', probing: true };
        return true;
      case 'half-open':
        if (s.probing) return false;
        this.#state = { kind: 'half-open', probing: true };
        return true;
    }
  }

  success(): void {
    if (this.#state.kind === 'half-open') this.#close();
  }

  failure(now: number): void {
    const s = this.#state;
    switch (s.kind) {
      case 'closed': {
        const n = this.#times.length;
        this.#times[(this.#head + this.#count) % n] = now;
        if (this.#count < n) this.#count++;
        else this.#head = (this.#head + 1) % n;
        // The ring holds the last `failures` failure times: open when the oldest of them is inside the window.
        if (this.#count === n && now - (this.#times[this.#head] as number) <= this.#policy.windowMs) this.#open(now);
        return;
      }
      case 'half-open':
        this.#open(now);
        return;
      case 'open':
        return;
    }
  }

  /** A probe that ended without an answer about the target (the client left): let the next request probe. */
  release(): void {
    if (this.#state.kind === 'half-open') this.#state = { kind: 'half-open', probing: false };
  }

  #open(now: number): void {
    this.#state = { kind: 'open', until: now + this.#policy.cooldownMs };
  }

  #close(): void {
    this.#state = CLOSED;
    this.#count = 0;
    this.#head = 0;
  }
}
