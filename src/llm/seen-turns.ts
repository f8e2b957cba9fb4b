import { createHash } from 'node:crypto';
import type { RequestRedaction } from './apply-redactions.js';

/** What the gateway remembers of one conversation prefix it has judged. */
export interface SeenConversation {
  /** Redactions decided on its turns: the agent resends those turns unredacted, so they are reapplied. */
  readonly redactions: readonly RequestRedaction[];
}

/** Most redactions remembered per conversation; past it the oldest are forgotten (and counted). */
export const MAX_REDACTIONS = 256;

/**
 * The conversation prefixes the engine has already seen, so that a request's history is not evaluated again
 * (each request resends the whole conversation), and the redactions to reapply to it. Keyed by the session and
 * a digest of the prefix itself (`prefixDigests`), never by a message count alone: a turn is skipped only when
 * it is the very turn judged before, so a conversation that shares its opening with a longer one, or a
 * history the client rewrote, is judged on what it carries. Bounded LRU: a forgotten prefix is evaluated
 * again from the start, which costs time, never safety.
 */
export class SeenTurns {
  readonly #max: number;
  readonly #seen = new Map<string, SeenConversation>();

  constructor(max = 50_000) {
    this.#max = max;
  }

  /** What is known of this prefix key (session and prefix digest), if it was judged. */
  find(key: string): SeenConversation | undefined {
    return this.#seen.get(key);
  }

  /** Records that the prefix `key` names was judged, with the redactions to reapply. */
  set(key: string, value: SeenConversation): void {
    const redactions = value.redactions.length > MAX_REDACTIONS ? value.redactions.slice(-MAX_REDACTIONS) : value.redactions;
    this.#seen.delete(key);
    this.#seen.set(key, { redactions });
    if (this.#seen.size > this.#max) {
      const oldest = this.#seen.keys().next();
      if (oldest.done !== true) this.#seen.delete(oldest.value);
    }
  }
}

/**
 * For each `k`, a digest of the first `k` messages (`out[k - 1]`): SHA-256 over each message's JSON, one
 * after another, each ended by a newline (which JSON text never holds raw). A message that differs in any
 * byte of its JSON gives every longer prefix another digest.
 */
export function prefixDigests(messages: readonly unknown[]): string[] {
  const h = createHash('sha256');
  const out: string[] = [];
  for (const m of messages) {
    h.update(JSON.stringify(m) ?? 'null');
    h.update('\n');
    out.push(h.copy().digest('base64url').slice(0, 22));
  }
  return out;
}
