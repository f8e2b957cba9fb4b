/**
 * The error convention of every `StreamDecoder` (and of the framers under them): a decoder that meets an error
 * (an error event, an exception message, a broken frame) returns what it decoded before it and throws the error
 * on its next call, so the caller gets every chunk the provider sent before failing, then the error. A `push`
 * of no bytes is such a next call: it is how the pipeline collects an error met inside `end()`. With nothing
 * decoded before it, the error is thrown at once.
 */
export class FailureLatch {
  #failure: { readonly error: unknown } | undefined;

  /** A failure is held for the next call. */
  get holding(): boolean {
    return this.#failure !== undefined;
  }

  /** Throws the failure met earlier, if any: the first thing a decoder's `push` and `end` do. */
  check(): void {
    if (this.#failure !== undefined) throw this.#failure.error;
  }

  /** A failure met after `out` was decoded: `out`, the failure kept for the next call; thrown when `out` is empty. */
  hold<T>(out: T[], error: unknown): T[] {
    if (out.length === 0) throw error;
    this.#failure = { error };
    return out;
  }

  /** Decodes `items` one by one; at the first throw, holds the failure and returns what came before it. */
  each<I, T>(items: Iterable<I>, step: (item: I) => T | undefined, out: T[] = []): T[] {
    for (const item of items) {
      try {
        const c = step(item);
        if (c !== undefined) out.push(c);
      } catch (e) {
        return this.hold(out, e);
      }
    }
    return out;
  }
}
