import type { ChatError } from '../../canonical/chat.js';

/**
 * A ChatError that can be thrown: what a codec raises when a request cannot be expressed in the provider's
 * format, or a stream breaks (the `StreamDecoder` contract). An `Error`, so it keeps a stack; the fields are
 * the ChatError the caller renders in its own wire format.
 */
export type ChatFailure = Error & ChatError;

/** Builds a throwable ChatError. */
export function chatFailure(status: number, type: string, message: string): ChatFailure {
  return Object.assign(new Error(message), { status, type });
}

/** True for a value thrown by `chatFailure` (or any error carrying a numeric status and a string type). */
export function isChatFailure(e: unknown): e is ChatFailure {
  return e instanceof Error && typeof (e as Partial<ChatError>).status === 'number' && typeof (e as Partial<ChatError>).type === 'string';
}
