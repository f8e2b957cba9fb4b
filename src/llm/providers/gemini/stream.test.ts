import { describe, expect, it } from 'vitest';
import type { ChatChunk } from '../../canonical/chat.js';
import { GeminiStreamDecoder } from './stream.js';

/** Gemini's SSE framing: `data: <json>` and a CRLF blank line. */
function sse(...frames: unknown[]): Uint8Array {
  return new TextEncoder().encode(frames.map((f) => `data: ${JSON.stringify(f)}\r\n\r\n`).join(''));
}

function run(bytes: Uint8Array, cuts: (len: number) => number[]): ChatChunk[] {
  const d = new GeminiStreamDecoder('gemini-x');
  const out: ChatChunk[] = [];
  let at = 0;
  for (const cut of [...cuts(bytes.length), bytes.length]) {
    out.push(...d.push(bytes.subarray(at, cut)));
    at = cut;
  }
  out.push(...d.end());
  return out;
}
const whole = (): number[] => [];
const byteByByte = (len: number): number[] => Array.from({ length: len - 1 }, (_, i) => i + 1);
function randomCuts(seed: number): (len: number) => number[] {
  let s = seed;
  return (len) => {
    const cuts = new Set<number>();
    for (let i = 0; i < len / 7; i++) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      cuts.add(1 + (s % (len - 1)));
    }
    return [...cuts].sort((a, b) => a - b);
  };
}

const usage = (p: number, c: number, t?: number): Record<string, number> => ({ promptTokenCount: p, candidatesTokenCount: c, ...(t === undefined ? {} : { thoughtsTokenCount: t }), totalTokenCount: p + c + (t ?? 0) });
const TEXT = sse(
  { candidates: [{ content: { role: 'model', parts: [{ text: 'Thinking about it…', thought: true }] }, index: 0 }], usageMetadata: usage(10, 0, 4), responseId: 'rs1' },
  { candidates: [{ content: { role: 'model', parts: [{ text: 'Héllo 🌍, ' }] }, index: 0 }], usageMetadata: usage(10, 3, 4), responseId: 'rs1' },
  { candidates: [{ content: { role: 'model', parts: [{ text: 'wörld.' }] }, finishReason: 'STOP', index: 0 }], usageMetadata: usage(10, 5, 4), responseId: 'rs1' },
);

describe('GeminiStreamDecoder', () => {
  it('streams text and thought deltas, the finish reason, then usage in a last chunk without choices', () => {
    const chunks = run(TEXT, whole);
    expect(chunks.map((c) => c.choices[0]?.delta)).toEqual([{ role: 'assistant', reasoning_content: 'Thinking about it…' }, { content: 'Héllo 🌍, ' }, { content: 'wörld.' }, undefined]);
    expect(chunks.map((c) => c.choices[0]?.finish_reason ?? null)).toEqual([null, null, 'stop', null]);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 9, total_tokens: 19, completion_tokens_details: { reasoning_tokens: 4 } } });
    expect(new Set(chunks.map((c) => c.id))).toEqual(new Set(['chatcmpl-rs1']));
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'gemini-x')).toBe(true);
  });

  it('decodes the same chunks whatever the byte splits, one byte at a time included (multi-byte characters kept whole)', () => {
    const strip = (cs: ChatChunk[]): unknown => cs.map((c) => ({ ...c, created: 0 }));
    const expected = strip(run(TEXT, whole));
    expect(strip(run(TEXT, byteByByte))).toEqual(expected);
    for (const seed of [1, 2, 3, 42]) expect(strip(run(TEXT, randomCuts(seed)))).toEqual(expected);
  });

  it('emits each whole function call as one tool-call delta, indexes running across chunks, finishing with tool_calls', () => {
    const bytes = sse(
      { candidates: [{ content: { role: 'model', parts: [{ text: 'Checking.' }, { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'c2ln' }] } }], responseId: 'rt' },
      { candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'Rome' } } }] }, finishReason: 'STOP' }], usageMetadata: usage(20, 8), responseId: 'rt' },
    );
    const chunks = run(bytes, byteByByte);
    const calls = chunks.flatMap((c) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? []));
    expect(calls.map((c) => ({ index: c.index, name: c.function?.name, args: c.function?.arguments, type: c.type }))).toEqual([
      { index: 0, name: 'weather', args: '{"city":"Paris"}', type: 'function' },
      { index: 1, name: 'weather', args: '{"city":"Rome"}', type: 'function' },
    ]);
    expect(calls[0]?.id).toMatch(/^call_.+__thought__c2ln$/);
    expect(calls[0]?.id).not.toBe(calls[1]?.id);
    expect(chunks[0]?.choices[0]?.delta.content).toBe('Checking.');
    expect(chunks.find((c) => c.choices[0]?.finish_reason !== null && c.choices.length > 0)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 20, completion_tokens: 8, total_tokens: 28 });
  });

  it('returns the chunks before an error frame, then throws the mapped ChatFailure on the next call', () => {
    const error = { error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } };
    const failure = expect.objectContaining({ status: 429, type: 'rate_limit_error', message: 'Resource has been exhausted' }) as Error;
    const d = new GeminiStreamDecoder('g');
    const got = d.push(sse({ candidates: [{ content: { parts: [{ text: 'a' }] } }] }, { candidates: [{ content: { parts: [{ text: 'b' }] } }] }, error));
    expect(got.map((c) => c.choices[0]?.delta.content)).toEqual(['a', 'b']);
    expect(() => d.push(new Uint8Array(0))).toThrow(failure);
    expect(() => d.end()).toThrow(failure);
    // With nothing before it, the error is thrown at once.
    expect(() => new GeminiStreamDecoder('g').push(sse(error))).toThrow(failure);
  });

  it('throws at end when the stream was cut mid-frame, or ended before any finishReason', () => {
    const cut = new GeminiStreamDecoder('g');
    const got = cut.push(TEXT.subarray(0, TEXT.length - 20));
    expect(got.length).toBe(2);
    expect(() => cut.end()).toThrow(expect.objectContaining({ status: 502, message: 'Gemini stream ended in the middle of a frame' }) as Error);
    const early = new GeminiStreamDecoder('g');
    early.push(sse({ candidates: [{ content: { parts: [{ text: 'a' }] } }] }));
    expect(() => early.end()).toThrow(/before the reply finished/);
  });

  it('bounds a frame, and refuses a frame that is not JSON', () => {
    const small = new GeminiStreamDecoder('g', 64);
    expect(() => small.push(new TextEncoder().encode(`data: ${'x'.repeat(100)}`))).toThrow(/size limit/);
    const bad = new GeminiStreamDecoder('g');
    expect(() => bad.push(new TextEncoder().encode('data: {nope\n\n'))).toThrow(/not JSON/);
  });

  it('finishes a prompt blocked before any candidate with content_filter', () => {
    const chunks = run(sse({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: usage(3, 0) }), whole);
    expect(chunks[0]?.choices[0]).toEqual({ index: 0, delta: { role: 'assistant' }, finish_reason: 'content_filter' });
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 3 });
  });
});
