import { ERROR_CODES, type ErrorCode } from '../../../core/index.js';
import type { ChatError } from '../../canonical/chat.js';
import { codeForStatus } from '../../upstream-error.js';

/** Google's canonical status names (google.rpc.Code) → the one error table. */
const BY_STATUS: Readonly<Record<string, ErrorCode>> = {
  INVALID_ARGUMENT: 'BAD_REQUEST',
  FAILED_PRECONDITION: 'BAD_REQUEST',
  OUT_OF_RANGE: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  PERMISSION_DENIED: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  RESOURCE_EXHAUSTED: 'RATE_LIMITED',
  INTERNAL: 'UPSTREAM_ERROR',
  UNKNOWN: 'UPSTREAM_ERROR',
  UNAVAILABLE: 'UNAVAILABLE',
  DEADLINE_EXCEEDED: 'UPSTREAM_TIMEOUT',
};

interface GoogleError {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly status?: unknown;
  readonly details?: unknown;
}

/** Gemini answers a bad API key with 400 INVALID_ARGUMENT; its ErrorInfo reason says what it really is. */
function badKey(e: GoogleError): boolean {
  return Array.isArray(e.details) && e.details.some((d: { reason?: unknown } | null) => d?.reason === 'API_KEY_INVALID');
}

/** A Google `{code, message, status}` error object (from a body or a stream frame) as a ChatError. */
export function geminiErrorOf(status: number, e: GoogleError): ChatError {
  const http = typeof e.code === 'number' && e.code >= 400 && e.code <= 599 ? e.code : status;
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : `Gemini answered ${http}`;
  if (badKey(e)) return { status: 401, type: ERROR_CODES.UNAUTHORIZED.openai, message };
  const code = (typeof e.status === 'string' ? BY_STATUS[e.status] : undefined) ?? codeForStatus(http);
  return { status: http, type: ERROR_CODES[code].openai, message };
}

/**
 * A Gemini error answer as a ChatError: Google's `{"error":{code,message,status}}` (also as the first element
 * of an array, the shape of a non-SSE stream), typed from its `status` name and, failing that, the HTTP
 * status. A body that is not Google's (a proxy's page) keeps the status and an excerpt.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
export function decodeGeminiError(status: number, body: string): ChatError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const root = Array.isArray(parsed) ? (parsed[0] as unknown) : parsed;
  const e = typeof root === 'object' && root !== null ? (root as { error?: unknown }).error : undefined;
  if (typeof e === 'object' && e !== null) return geminiErrorOf(status, e as GoogleError);
  const excerpt = body.slice(0, 300).replace(/\s+/g, ' ').trim();
  return { status, type: ERROR_CODES[codeForStatus(status)].openai, message: `Gemini answered ${status}${excerpt === '' ? '' : `: ${excerpt}`}` };
}
