import type { ChatError } from '../canonical/chat.js';

/** True when a thrown or parsed value is a `ChatError` (how stream decoders report an error mid-stream). */
export function isChatError(v: unknown): v is ChatError {
  if (v === null || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  return typeof e['status'] === 'number' && typeof e['type'] === 'string' && typeof e['message'] === 'string';
}

/**
 * A ChatError that can be thrown: what a codec raises when a request cannot be expressed in the provider's
 * format, or a reply or stream cannot be decoded. An `Error`, so it keeps a stack; the fields are the ChatError
 * the caller gets in its own wire format.
 */
export type ChatFailure = Error & ChatError;

/** A `ChatError` as a throwable (with a stack), for codecs and stream decoders to throw. */
export function chatFailure(e: ChatError): ChatFailure {
  return Object.assign(new Error(e.message), { status: e.status, type: e.type });
}

/** True for a value thrown by `chatFailure` (an `Error` carrying a numeric status and a string type). */
export function isChatFailure(e: unknown): e is ChatFailure {
  return e instanceof Error && isChatError(e);
}

/** OpenAI's error `type` for an HTTP status, when the provider's body names none. */
export function chatErrorType(status: number): string {
  switch (status) {
    case 400:
    case 404:
    case 409:
    case 413:
    case 422:
      return status === 404 ? 'not_found_error' : 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 429:
      return 'rate_limit_error';
    default:
      return 'api_error';
  }
}

/**
 * A provider error reduced to a `ChatError`: `error.message` of a JSON body (OpenAI's and Anthropic's shapes),
 * `detail` or `message` (OpenAI-compatible servers), else an excerpt of the text.
 */
export function chatErrorOf(status: number, body: string, type?: string): ChatError {
  let message: string | undefined;
  let t = type;
  try {
    const v = JSON.parse(body) as Record<string, unknown> | null;
    const e = v?.['error'];
    if (e !== null && typeof e === 'object') {
      const o = e as Record<string, unknown>;
      if (typeof o['message'] === 'string') message = o['message'];
      if (t === undefined && typeof o['type'] === 'string') t = o['type'];
    } else if (typeof e === 'string') message = e;
    else if (typeof v?.['detail'] === 'string') message = v['detail'];
    else if (typeof v?.['message'] === 'string') message = v['message'];
  } catch {
    // Not JSON: an HTML page from a proxy, a plain-text error; the excerpt below says what it was.
  }
  message ??= body.slice(0, 300).replace(/\s+/g, ' ').trim() || `upstream answered ${status}`;
  return { status, type: t ?? chatErrorType(status), message };
}
