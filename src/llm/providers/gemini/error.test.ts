import { describe, expect, it } from 'vitest';
import { decodeGeminiError } from './error.js';

const google = (code: number, status: string, message: string, details?: unknown): string => JSON.stringify({ error: { code, message, status, ...(details === undefined ? {} : { details }) } });

describe('decodeGeminiError', () => {
  it.each([
    [400, 'INVALID_ARGUMENT', 400, 'invalid_request_error'],
    [400, 'FAILED_PRECONDITION', 400, 'invalid_request_error'],
    [401, 'UNAUTHENTICATED', 401, 'authentication_error'],
    [403, 'PERMISSION_DENIED', 403, 'permission_error'],
    [404, 'NOT_FOUND', 404, 'not_found_error'],
    [429, 'RESOURCE_EXHAUSTED', 429, 'rate_limit_error'],
    [500, 'INTERNAL', 500, 'server_error'],
    [503, 'UNAVAILABLE', 503, 'server_error'],
    [504, 'DEADLINE_EXCEEDED', 504, 'timeout'],
  ])('maps %i %s to %i %s', (code, status, http, type) => {
    expect(decodeGeminiError(code, google(code, status, 'why'))).toEqual({ status: http, type, message: 'why' });
  });

  it('reports a bad API key (400 with reason API_KEY_INVALID) as a 401 authentication error', () => {
    const body = google(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }]);
    expect(decodeGeminiError(400, body)).toEqual({ status: 401, type: 'authentication_error', message: 'API key not valid. Please pass a valid API key.' });
  });

  it('reads the array form of a non-SSE stream error and keeps a non-Google body as an excerpt', () => {
    expect(decodeGeminiError(429, `[${google(429, 'RESOURCE_EXHAUSTED', 'quota')}]`)).toEqual({ status: 429, type: 'rate_limit_error', message: 'quota' });
    expect(decodeGeminiError(502, '<html>\n<h1>Bad Gateway</h1></html>')).toEqual({ status: 502, type: 'server_error', message: 'Gemini answered 502: <html> <h1>Bad Gateway</h1></html>' });
    expect(decodeGeminiError(500, '')).toMatchObject({ status: 500, message: 'Gemini answered 500' });
  });
});
