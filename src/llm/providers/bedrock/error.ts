import { ERROR_CODES, type ErrorCode } from '../../../core/index.js';
import type { ChatError } from '../../canonical/chat.js';
import { codeForStatus } from '../../upstream-error.js';

/**
 * Bedrock exception names (HTTP `x-amzn-errortype`, or an event stream's `:exception-type`, which spells
 * them in camelCase) → the one error table, with the status Bedrock gives each.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
 */
const EXCEPTIONS: Readonly<Record<string, { readonly status: number; readonly code: ErrorCode }>> = {
  validationexception: { status: 400, code: 'BAD_REQUEST' },
  accessdeniedexception: { status: 403, code: 'FORBIDDEN' },
  unrecognizedclientexception: { status: 403, code: 'UNAUTHORIZED' },
  resourcenotfoundexception: { status: 404, code: 'NOT_FOUND' },
  modeltimeoutexception: { status: 408, code: 'UPSTREAM_TIMEOUT' },
  throttlingexception: { status: 429, code: 'RATE_LIMITED' },
  servicequotaexceededexception: { status: 429, code: 'RATE_LIMITED' },
  modelnotreadyexception: { status: 429, code: 'UNAVAILABLE' },
  modelerrorexception: { status: 424, code: 'UPSTREAM_ERROR' },
  modelstreamerrorexception: { status: 424, code: 'UPSTREAM_ERROR' },
  internalserverexception: { status: 500, code: 'UPSTREAM_ERROR' },
  serviceunavailableexception: { status: 503, code: 'UNAVAILABLE' },
};

/** A 403 about the credentials themselves (bad key, bad signature, expired token) is an authentication failure. */
const BAD_CREDENTIALS = /signature|security token|access key|credential/i;

function byStatus(status: number, message: string): ErrorCode {
  if (status === 403 && BAD_CREDENTIALS.test(message)) return 'UNAUTHORIZED';
  // 408 and 424 are Bedrock's model timeout and model failure: the provider's fault, not the caller's.
  if (status === 408) return 'UPSTREAM_TIMEOUT';
  if (status === 424) return 'UPSTREAM_ERROR';
  return codeForStatus(status);
}

/** An exception named in an event stream (or an `x-amzn-errortype` header) as a ChatError. */
export function bedrockExceptionError(exceptionType: string, message: string): ChatError {
  const e = EXCEPTIONS[exceptionType.split(':')[0]?.toLowerCase() ?? ''];
  const code = e?.code ?? 'UPSTREAM_ERROR';
  return { status: e?.status ?? ERROR_CODES.UPSTREAM_ERROR.http, type: ERROR_CODES[code].openai, message };
}

/**
 * A Bedrock error answer as a ChatError: the status kept, typed by the table (a 403 about credentials as
 * an authentication error), the message from `{"message"}` (or `{"Message"}`), else an excerpt.
 */
export function decodeBedrockError(status: number, body: string): ChatError {
  let message: string | undefined;
  try {
    const p = JSON.parse(body) as { message?: unknown; Message?: unknown } | null;
    const m = p?.message ?? p?.Message;
    if (typeof m === 'string' && m !== '') message = m;
  } catch {
    message = undefined;
  }
  if (message === undefined) {
    const excerpt = body.slice(0, 300).replace(/\s+/g, ' ').trim();
    message = `Bedrock answered ${status}${excerpt === '' ? '' : `: ${excerpt}`}`;
  }
  return { status, type: ERROR_CODES[byStatus(status, message)].openai, message };
}
