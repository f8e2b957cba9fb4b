import { describe, expect, it } from 'vitest';
import { anthropicAuthError, jsonRpcAuthError, openAiAuthError } from './failure-bodies.js';
import type { AuthFailure } from './principal.js';

const f401: AuthFailure = { kind: 'auth-failure', status: 401, code: 'UNAUTHORIZED', message: 'token expired', wwwAuthenticate: 'Bearer x' };
const f403: AuthFailure = { kind: 'auth-failure', status: 403, code: 'FORBIDDEN', message: 'key not valid for llm', wwwAuthenticate: 'Bearer x' };

describe('failure bodies', () => {
  it('renders JSON-RPC with the code from the error table', () => {
    expect(jsonRpcAuthError(f401)).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32001, message: 'token expired' } });
    expect(jsonRpcAuthError(f403, 7)).toEqual({ jsonrpc: '2.0', id: 7, error: { code: -32002, message: 'key not valid for llm' } });
  });

  it('renders the OpenAI and Anthropic error shapes', () => {
    expect(openAiAuthError(f401)).toEqual({ error: { message: 'token expired', type: 'authentication_error', param: null, code: 'invalid_api_key' } });
    expect(anthropicAuthError(f403)).toEqual({ type: 'error', error: { type: 'permission_error', message: 'key not valid for llm' } });
  });
});
