import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../core/index.js';
import { wireError, wireErrorFrame } from './wire-error.js';

describe('wire errors', () => {
  it('renders every code of the one table in both formats with the table status', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const a = wireError('anthropic', code, 'm');
      const o = wireError('openai', code, 'm');
      expect(a.status).toBe(ERROR_CODES[code].http);
      expect(o.status).toBe(ERROR_CODES[code].http);
      expect(JSON.parse(a.body)).toEqual({ type: 'error', error: { type: ERROR_CODES[code].anthropic, message: 'm' } });
      expect(JSON.parse(o.body)).toEqual({ error: { message: 'm', type: ERROR_CODES[code].openai, param: null, code: code.toLowerCase() } });
    }
  });

  it('ends a stream with the format error event', () => {
    expect(wireErrorFrame('anthropic', 'UPSTREAM_ERROR', 'cut')).toBe('event: error\ndata: {"type":"error","error":{"type":"api_error","message":"cut"}}\n\n');
    expect(wireErrorFrame('openai', 'UPSTREAM_TIMEOUT', 'slow')).toBe('data: {"error":{"message":"slow","type":"timeout","param":null,"code":"upstream_timeout"}}\n\n');
  });
});
