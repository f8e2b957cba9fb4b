import { describe, expect, it } from 'vitest';
import { resultJson, resultResponseJson } from './result-json.js';

describe('resultResponseJson', () => {
  it('writes what JSON.stringify writes of the response', () => {
    const result = { content: [{ type: 'text', text: 'é "q"\n😀' }], isError: false, structuredContent: { a: [1, null] } };
    for (const id of [0, 7, -1, 'req-1', 'a"b\u2028']) {
      expect(resultResponseJson(id, result)).toBe(JSON.stringify({ jsonrpc: '2.0', id, result }));
    }
  });

  it('writes each result object once, and a different object afresh', () => {
    const result = { content: [{ type: 'text', text: 'one' }] };
    const first = resultJson(result);
    expect(resultJson(result)).toBe(first);
    const copy = { ...result, content: [{ type: 'text', text: 'two' }] };
    expect(resultJson(copy)).toBe(JSON.stringify(copy));
  });
});
