import { describe, expect, it } from 'vitest';
import { upstreamErrorBody } from './upstream-error.js';

const buf = (s: string) => Buffer.from(s);

describe('upstreamErrorBody', () => {
  it('keeps an error already in the caller format byte for byte', () => {
    const a = buf('{"type":"error","error":{"type":"overloaded_error","message":"busy"}}');
    expect(upstreamErrorBody('anthropic', 529, a, JSON.parse(a.toString()))).toBe(a);
    const o = buf('{"error":{"message":"bad","type":"invalid_request_error","param":null,"code":null}}');
    expect(upstreamErrorBody('openai', 400, o, JSON.parse(o.toString()))).toBe(o);
  });

  it('wraps other bodies in the caller format, with what the upstream said', () => {
    const detail = buf('{"detail":"model not loaded"}');
    expect(JSON.parse(String(upstreamErrorBody('openai', 404, detail, JSON.parse(detail.toString()))))).toEqual({
      error: { message: 'upstream answered 404: {"detail":"model not loaded"}', type: 'not_found_error', param: null, code: 'not_found' },
    });
    expect(JSON.parse(String(upstreamErrorBody('anthropic', 502, buf('<html>\n<b>Bad gateway</b></html>'), undefined)))).toEqual({
      type: 'error',
      error: { type: 'api_error', message: 'upstream answered 502: <html> <b>Bad gateway</b></html>' },
    });
  });
});
