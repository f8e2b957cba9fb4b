import { EventEmitter } from 'node:events';

/**
 * One request's cancellation (the client went away). undici takes an EventEmitter with `aborted` as a request's
 * `signal` as readily as an `AbortSignal`, and adding and removing an `EventTarget` listener per upstream call
 * cost about a tenth of the gateway's CPU per request; a real `AbortSignal` is made only for the APIs that
 * need one (`timers/promises`), on first use.
 */
export class Cancel extends EventEmitter {
  #aborted = false;
  #controller: AbortController | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Cancels once: `abort` listeners (undici's) run, and the `AbortSignal`, if one was made, aborts. */
  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#controller?.abort();
    this.emit('abort');
  }

  /** The same cancellation as an `AbortSignal`. */
  get abortSignal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort();
    }
    return this.#controller.signal;
  }
}
