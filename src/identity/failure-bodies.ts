import { ERROR_CODES } from '../core/index.js';
import type { AuthFailure } from './principal.js';

/**
 * An authentication failure in each surface's own wire format, for `requireAuth`'s `onFailure`. Status and
 * `WWW-Authenticate` are set by the guard; these are only the bodies.
 */

/** JSON-RPC 2.0 (MCP): `id` is null because the guard answers before the body is read. */
export function jsonRpcAuthError(f: AuthFailure, id: string | number | null = null): unknown {
  return { jsonrpc: '2.0', id, error: { code: ERROR_CODES[f.code].jsonrpc, message: f.message } };
}

/** OpenAI's error object (`/v1/chat/completions`, `/v1/responses`, …). */
export function openAiAuthError(f: AuthFailure): unknown {
  const type = f.status === 401 ? 'authentication_error' : f.status === 403 ? 'permission_error' : 'server_error';
  return { error: { message: f.message, type, param: null, code: f.status === 401 ? 'invalid_api_key' : null } };
}

/** Anthropic's error object (`/v1/messages`). */
export function anthropicAuthError(f: AuthFailure): unknown {
  const type = f.status === 401 ? 'authentication_error' : f.status === 403 ? 'permission_error' : 'overloaded_error';
  return { type: 'error', error: { type, message: f.message } };
}
