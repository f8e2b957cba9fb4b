/**
 * How a call is told to stop, as the gateway's own code reads it: an `AbortSignal` (from the SDK's handlers)
 * or a `CallAbort` (from the JSON fast paths). Only the `abort` event is ever listened to.
 */
export interface CallSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * The abort of one fast-path call, with its own signal. Node's `AbortSignal` is an `EventTarget` that costs
 * about 10 µs to make, a sizeable share of the gateway's whole work for a call, and almost no call is ever
 * aborted; this is a flag and a list. Listeners run once, in order, as `AbortSignal`'s do (added after the
 * abort: never). Code that needs a real `AbortSignal` (the SDK's) makes one with `toAbortSignal`.
 */
export class CallAbort implements CallSignal {
  #aborted = false;
  #reason: unknown = undefined;
  #listeners: (() => void)[] = [];

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  /** Aborts (once); without a reason, with the `AbortError` an `AbortController` gives. */
  abort(reason?: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const l of listeners) l();
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.#aborted) this.#listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const i = this.#listeners.indexOf(listener);
    if (i !== -1) this.#listeners.splice(i, 1);
  }
}

/** `signal` as an `AbortSignal` (itself when it is one), for the SDK. */
export function toAbortSignal(signal: CallSignal): AbortSignal {
  if (signal instanceof AbortSignal) return signal;
  const ac = new AbortController();
  if (signal.aborted) ac.abort(signal.reason);
  else signal.addEventListener('abort', () => ac.abort(signal.reason), { once: true });
  return ac.signal;
}
