import { safeParse } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { plainTextResult } from './plain-result.js';

/** Results as they arrive (parsed from the wire), plain and otherwise. */
const WIRE = [
  '{"content":[{"type":"text","text":"hi"}]}',
  '{"content":[]}',
  '{"content":[{"type":"text","text":"a"},{"type":"text","text":""}],"isError":true}',
  '{"content":[{"type":"text","text":"a"}],"isError":false}',
  '{"isError":false,"content":[{"type":"text","text":"a"}]}',
  '{"content":[{"text":"a","type":"text"}]}',
  '{"content":[{"type":"text","text":"a","extra":1}]}',
  '{"content":[{"type":"text","text":7}]}',
  '{"content":[{"type":"image","data":"AA==","mimeType":"image/png"}]}',
  '{"content":[{"type":"text","text":"a","annotations":{"priority":1}}]}',
  '{"content":[{"type":"text","text":"a"}],"structuredContent":{"n":1}}',
  '{"content":[{"type":"text","text":"a"}],"_meta":{"k":1}}',
  '{"content":[{"type":"text","text":"a"}],"isError":"yes"}',
  '{"content":[{"type":"text","text":"a"}],"other":1}',
  '{"content":{"type":"text","text":"a"}}',
  '{"content":[null]}',
  '{"content":[{"__proto__":1,"type":"text","text":"a"}]}',
  '{}',
  '{"toolResult":1}',
  '[]',
  'null',
  '"text"',
];

describe('plainTextResult', () => {
  it('keeps a result only when the SDK schema would give back the same object, keys in the same order', () => {
    const kept: string[] = [];
    for (const text of WIRE) {
      const r: unknown = JSON.parse(text);
      const plain = plainTextResult(r);
      if (plain === undefined) continue;
      kept.push(text);
      expect(plain).toBe(r);
      const parsed = safeParse(CallToolResultSchema, JSON.parse(text));
      if (!parsed.success) throw new Error(`the schema refused ${text}`);
      expect(JSON.stringify(parsed.data)).toBe(text);
      expect(parsed.data).toEqual(plain);
    }
    expect(kept).toEqual(WIRE.slice(0, 4));
  });

  it('leaves to the schema results it would rewrite, default or refuse', () => {
    const rewritten = ['{"isError":false,"content":[]}', '{"content":[{"text":"a","type":"text"}]}', '{"content":[{"type":"text","text":"a","extra":1}]}', '{}'];
    for (const text of rewritten) {
      expect(plainTextResult(JSON.parse(text))).toBeUndefined();
      const parsed = safeParse(CallToolResultSchema, JSON.parse(text));
      expect(parsed.success && JSON.stringify(parsed.data)).not.toBe(text);
    }
  });
});
