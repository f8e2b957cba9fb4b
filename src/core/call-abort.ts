import { EventEmitter } from 'node:events';

/**
 * How a call is told to stop, as the gateway's own code reads it: an `AbortSignal` (from the MCP SDK's
 * handlers) or a `CallAbort`. Only the `abort` event is ever listened to.
 */
export interface CallSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * The abort of one call: an MCP fast-path call, a model request whose client went away. Node's `AbortSignal`
 * is an `EventTarget` that costs about 10 µs to make, and adding and removing its listener (undici does both
 * for every upstream request) costs more: a sizeable share of the gateway's whole work per call, when almost
 * no call is ever aborted. This is an `EventEmitter`, which undici takes as a request's `signal` as readily.
 * Listeners run once, in order, as `AbortSignal`'s do (one added after the abort never runs). Code that
 * needs a real `AbortSignal` (the MCP SDK, `timers/promises`) gets one from `toAbortSignal`.
 */
export class CallAbort extends EventEmitter implements CallSignal {
  #aborted = false;
  #reason: unknown = undefined;

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
    this.emit('abort');
    this.removeAllListeners('abort');
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.#aborted) this.once('abort', listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    this.off('abort', listener);
  }
}

/** `signal` as an `AbortSignal` (itself when it is one). */
export function toAbortSignal(signal: CallSignal): AbortSignal {
  if (signal instanceof AbortSignal) return signal;
  const ac = new AbortController();
  if (signal.aborted) ac.abort(signal.reason);
  else signal.addEventListener('abort', () => ac.abort(signal.reason), { once: true });
  return ac.signal;
}
