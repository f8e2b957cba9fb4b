import { ERROR_CODES, type ErrorCode } from '../core/index.js';
import type { ChatError } from './canonical/chat.js';
import { wireError } from './wire-error.js';
import type { WireFormat } from './wire-format.js';

/** The table code closest to an upstream status, for wrapping an error body that is not in the caller's format. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
    case 529:
      return 'UNAVAILABLE';
    default:
      return status >= 500 ? 'UPSTREAM_ERROR' : 'BAD_REQUEST';
  }
}

/** True when a parsed error body is already in the caller's format. */
function inFormat(format: WireFormat, body: Record<string, unknown> | undefined): boolean {
  const e = body?.['error'];
  if (e === null || typeof e !== 'object') return false;
  return format === 'anthropic' ? body?.['type'] === 'error' : true;
}

/**
 * The body for an upstream error answer: the provider's own bytes when they already are the caller's format
 * (the same family on both sides), else the error wrapped in it, the status kept, with an excerpt of what
 * the upstream said (an OpenAI-compatible server's `{"detail": …}`, a proxy's HTML page).
 */
export function upstreamErrorBody(format: WireFormat, status: number, raw: Buffer, parsed: Record<string, unknown> | undefined): Buffer | string {
  if (inFormat(format, parsed)) return raw;
  const excerpt = raw.subarray(0, 300).toString('utf8').replace(/\s+/g, ' ').trim();
  return wireError(format, codeForStatus(status), `upstream answered ${status}${excerpt === '' ? '' : `: ${excerpt}`}`).body;
}

/**
 * A translated provider's error in the caller's format, status kept: the type an Anthropic caller reads comes
 * from the one error table (by status); an OpenAI caller gets the provider's type as the codec reported it.
 */
export function chatErrorBody(format: WireFormat, e: ChatError): string {
  switch (format) {
    case 'anthropic':
      return JSON.stringify({ type: 'error', error: { type: ERROR_CODES[codeForStatus(e.status)].anthropic, message: e.message } });
    case 'openai':
      return JSON.stringify({ error: { message: e.message, type: e.type, param: null, code: null } });
  }
}

/** The same error as the event that ends a stream already under way (see `wireErrorFrame`). */
export function chatErrorFrame(format: WireFormat, e: ChatError): string {
  return format === 'anthropic' ? `event: error\ndata: ${chatErrorBody(format, e)}\n\n` : `data: ${chatErrorBody(format, e)}\n\n`;
}
