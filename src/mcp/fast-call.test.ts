import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { acceptsJson, asFastCall, plainToolCallOf } from './fast-call.js';

const req = (headers: Record<string, string> = {}): IncomingMessage =>
  ({ method: 'POST', headers: { accept: 'application/json, text/event-stream', ...headers } }) as unknown as IncomingMessage;
const call = (over: Record<string, unknown> = {}) => ({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } }, ...over });

describe('asFastCall', () => {
  it('takes a plain tools/call', () => {
    expect(asFastCall(req(), call())).toEqual({ id: 7, name: 'echo', args: { text: 'hi' } });
  });

  it('leaves to the SDK what needs streaming or validation', () => {
    expect(asFastCall(req(), call({ params: { name: 'echo', _meta: { progressToken: 1 } } }))).toBeUndefined();
    expect(asFastCall(req(), [call()])).toBeUndefined();
    expect(asFastCall(req(), call({ params: { name: 'echo', arguments: 'oops' } }))).toBeUndefined();
    expect(asFastCall(req({ accept: 'text/event-stream' }), call())).toBeUndefined();
    expect(asFastCall(req({ 'mcp-protocol-version': '1999-01-01' }), call())).toBeUndefined();
    expect(asFastCall(req(), call({ method: 'tools/list' }))).toBeUndefined();
  });
});

describe('acceptsJson', () => {
  it('parses media ranges', () => {
    expect(acceptsJson('text/event-stream, application/json;q=0.9')).toBe(true);
    expect(acceptsJson('application/json;q=0')).toBe(false);
    expect(acceptsJson('application/jsonx')).toBe(false);
    expect(acceptsJson(undefined)).toBe(false);
  });
});

describe('plainToolCallOf', () => {
  it('takes a plain tools/call, with or without a plain _meta', () => {
    expect(plainToolCallOf(call())).toEqual({ id: 7, name: 'echo', args: { text: 'hi' } });
    expect(plainToolCallOf(call({ params: { name: 'echo', _meta: { trace: 'x' } } }))).toEqual({ id: 7, name: 'echo', args: {} });
  });

  it('leaves to the SDK what it would validate or stream', () => {
    expect(plainToolCallOf(call({ params: { name: 'echo', task: { ttl: 1000 } } }))).toBeUndefined();
    expect(plainToolCallOf(call({ params: { name: 'echo', _meta: 'odd' } }))).toBeUndefined();
    expect(plainToolCallOf(call({ params: { name: 'echo', _meta: { progressToken: 'p' } } }))).toBeUndefined();
    expect(plainToolCallOf(call({ id: null }))).toBeUndefined();
    expect(plainToolCallOf(call({ jsonrpc: '1.0' }))).toBeUndefined();
  });
});
