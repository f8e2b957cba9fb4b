import type { RequestRedaction } from './apply-redactions.js';

/** What the gateway remembers of one conversation. */
export interface SeenConversation {
  /** Messages already evaluated. */
  readonly count: number;
  /** Redactions decided on earlier turns: the agent resends those turns unredacted, so they are reapplied. */
  readonly redactions: readonly RequestRedaction[];
}

const NOTHING: SeenConversation = { count: 0, redactions: [] };

/** Most redactions remembered per conversation; past it the oldest are forgotten (and counted). */
export const MAX_REDACTIONS = 256;

/**
 * How many messages of each conversation the engine has already seen, so that a request's history is not
 * evaluated again (each request resends the whole conversation), and the redactions to reapply to it. Bounded
 * LRU: a forgotten conversation is evaluated again from the start, which costs time, never safety.
 */
export class SeenTurns {
  readonly #max: number;
  readonly #seen = new Map<string, SeenConversation>();

  constructor(max = 50_000) {
    this.#max = max;
  }

  /** What is known of this conversation key. */
  get(key: string): SeenConversation {
    return this.#seen.get(key) ?? NOTHING;
  }

  /** Records that the first `count` messages were seen, with the redactions to reapply. */
  set(key: string, value: SeenConversation): void {
    const redactions = value.redactions.length > MAX_REDACTIONS ? value.redactions.slice(-MAX_REDACTIONS) : value.redactions;
    this.#seen.delete(key);
    this.#seen.set(key, { count: value.count, redactions });
    if (this.#seen.size > this.#max) {
      const oldest = this.#seen.keys().next();
      if (oldest.done !== true) this.#seen.delete(oldest.value);
    }
  }
}
