import type { CoverageSighting, Store } from '../store/store.js';

/** Most distinct (agent, user, host) keys held between flushes; past it a flush is forced. */
const MAX_PENDING = 10_000;

/**
 * Coalesces hook sightings in memory and writes them to the store off the request path (one upsert per key
 * per flush), so coverage costs a map update per hook event. `flush` runs on a timer and at shutdown; store
 * errors are reported, never thrown into a request.
 */
export class CoverageTracker {
  readonly #store: Pick<Store, 'recordCoverage'>;
  readonly #pending = new Map<string, { agent: string; user: string; host: string; firstSeen: number; lastSeen: number; events: number }>();
  readonly #intervalMs: number;
  readonly #onError: (e: unknown) => void;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(opts: { store: Pick<Store, 'recordCoverage'>; intervalMs?: number; onError?: (e: unknown) => void }) {
    this.#store = opts.store;
    this.#intervalMs = opts.intervalMs ?? 1000;
    this.#onError = opts.onError ?? (() => undefined);
  }

  /** Notes one hook event from `agent`, sent by `user` on `host`, at `at`. */
  note(agent: string, user: string, host: string, at: number): void {
    const key = `${agent}\u0000${user}\u0000${host}`;
    const p = this.#pending.get(key);
    if (p === undefined) this.#pending.set(key, { agent, user, host, firstSeen: at, lastSeen: at, events: 1 });
    else {
      p.lastSeen = Math.max(p.lastSeen, at);
      p.firstSeen = Math.min(p.firstSeen, at);
      p.events++;
    }
    if (this.#pending.size >= MAX_PENDING) void this.flush();
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => void this.flush(), this.#intervalMs);
      this.#timer.unref();
    }
  }

  /** Writes what is pending; resolves once it is in the store (or the error was reported). */
  flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch: CoverageSighting[] = [...this.#pending.values()];
    this.#pending.clear();
    this.#flushing = this.#flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.#store.recordCoverage(batch);
      } catch (e) {
        this.#onError(e);
      }
    });
    return this.#flushing;
  }
}
