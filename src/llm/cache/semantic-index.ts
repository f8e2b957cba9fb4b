/** One remembered request: its last user message's embedding and the exact-cache key its reply is under. */
interface Item {
  readonly context: string;
  readonly vector: Float32Array;
  readonly key: string;
  readonly expiresAt: number;
}

/** Scales a vector to unit length (a copy), so cosine similarity is a dot product; undefined for a zero vector. */
export function normalize(v: readonly number[]): Float32Array | undefined {
  let sum = 0;
  for (const x of v) sum += x * x;
  if (!(sum > 0) || !Number.isFinite(sum)) return undefined;
  const n = Math.sqrt(sum);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (v[i] as number) / n;
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/**
 * The semantic cache's index: embeddings grouped by context (tenant, route and the whole request except its last
 * user message), searched linearly within one context. Bounded by a total entry count; the oldest entries go
 * first. Held in memory only: after a restart the semantic side starts empty while exact entries may remain.
 */
export class SemanticIndex {
  readonly #byContext = new Map<string, Item[]>();
  /** Every item in insertion order, for eviction. */
  readonly #order = new Set<Item>();
  readonly #maxEntries: number;

  constructor(opts: { readonly maxEntries: number }) {
    this.#maxEntries = opts.maxEntries;
  }

  get size(): number {
    return this.#order.size;
  }

  /** The closest live entry in `context` at or above `threshold`, with its similarity. */
  nearest(context: string, vector: Float32Array, threshold: number, now: number): { readonly key: string; readonly similarity: number } | undefined {
    const items = this.#byContext.get(context);
    if (items === undefined) return undefined;
    let best: Item | undefined;
    let bestSim = -Infinity;
    for (const it of items) {
      if (it.expiresAt <= now || it.vector.length !== vector.length) continue;
      const s = dot(it.vector, vector);
      if (s > bestSim) {
        bestSim = s;
        best = it;
      }
    }
    return best !== undefined && bestSim >= threshold ? { key: best.key, similarity: bestSim } : undefined;
  }

  /** Remembers an entry, dropping expired ones of the same context and the oldest past the bound. */
  add(context: string, vector: Float32Array, key: string, expiresAt: number, now: number): void {
    const items = (this.#byContext.get(context) ?? []).filter((it) => {
      const live = it.expiresAt > now && it.key !== key;
      if (!live) this.#order.delete(it);
      return live;
    });
    const item: Item = { context, vector, key, expiresAt };
    items.push(item);
    this.#byContext.set(context, items);
    this.#order.add(item);
    for (const old of this.#order) {
      if (this.#order.size <= this.#maxEntries) break;
      this.#remove(old);
    }
  }

  #remove(it: Item): void {
    this.#order.delete(it);
    const items = this.#byContext.get(it.context);
    if (items === undefined) return;
    const rest = items.filter((x) => x !== it);
    if (rest.length === 0) this.#byContext.delete(it.context);
    else this.#byContext.set(it.context, rest);
  }
}
