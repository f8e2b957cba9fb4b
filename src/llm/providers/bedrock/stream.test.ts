import { describe, expect, it } from 'vitest';
import { bedrockEvent, bedrockException, converseStreamEvents } from '../../../../test/fakes/bedrock.js';
import { textStep } from '../../../../test/fakes/script.js';
import type { ChatChunk } from '../../canonical/chat.js';
import { BedrockStreamDecoder } from './stream.js';

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function run(bytes: Uint8Array, step: number | 'random', seed = 1): ChatChunk[] {
  const d = new BedrockStreamDecoder('nova');
  const out: ChatChunk[] = [];
  let s = seed;
  for (let at = 0; at < bytes.length; ) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const n = step === 'random' ? 1 + (s % 97) : step;
    out.push(...d.push(bytes.subarray(at, at + n)));
    at += n;
  }
  out.push(...d.end());
  return out.map((c) => ({ ...c, id: 'x', created: 0 }));
}

const TEXT = concat(converseStreamEvents(textStep('Héllo 🌍, wörld. This is a longer answer.'), { turn: 1, lastToolResult: undefined }, 5));
const TOOL = concat([
  bedrockEvent('messageStart', { role: 'assistant' }),
  bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'Need the weather.' } } }),
  bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'c2ln' } } }),
  bedrockEvent('contentBlockStop', { contentBlockIndex: 0 }),
  bedrockEvent('contentBlockDelta', { contentBlockIndex: 1, delta: { text: 'Checking.' } }),
  bedrockEvent('contentBlockStop', { contentBlockIndex: 1 }),
  bedrockEvent('contentBlockStart', { contentBlockIndex: 2, start: { toolUse: { toolUseId: 'tooluse_A', name: 'weather' } } }),
  bedrockEvent('contentBlockDelta', { contentBlockIndex: 2, delta: { toolUse: { input: '{"city":' } } }),
  bedrockEvent('contentBlockStart', { contentBlockIndex: 3, start: { toolUse: { toolUseId: 'tooluse_B', name: 'time' } } }),
  bedrockEvent('contentBlockDelta', { contentBlockIndex: 2, delta: { toolUse: { input: '"Paris"}' } } }),
  bedrockEvent('contentBlockDelta', { contentBlockIndex: 3, delta: { toolUse: { input: '{}' } } }),
  bedrockEvent('contentBlockStop', { contentBlockIndex: 2 }),
  bedrockEvent('contentBlockStop', { contentBlockIndex: 3 }),
  bedrockEvent('messageStop', { stopReason: 'tool_use' }),
  bedrockEvent('metadata', { usage: { inputTokens: 5, outputTokens: 9, totalTokens: 34, cacheReadInputTokens: 20 }, metrics: { latencyMs: 3 } }),
]);

describe('BedrockStreamDecoder', () => {
  it('streams the role, text deltas, the finish reason, then usage in a chunk without choices', () => {
    const chunks = run(TEXT, TEXT.length);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant' });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Héllo 🌍, wörld. This is a longer answer.');
    expect(chunks.at(-2)?.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: 'stop' });
    expect(chunks.at(-1)).toMatchObject({ object: 'chat.completion.chunk', model: 'nova', choices: [], usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 } });
  });

  it('decodes the same chunks one byte at a time and at random splits', () => {
    for (const bytes of [TEXT, TOOL]) {
      const expected = run(bytes, bytes.length);
      expect(run(bytes, 1)).toEqual(expected);
      for (const seed of [3, 7, 99]) expect(run(bytes, 'random', seed)).toEqual(expected);
    }
  });

  it('assembles tool calls: id and name from the block start, input in pieces, indexes by block order, interleaved blocks kept apart', () => {
    const chunks = run(TOOL, 1);
    const deltas = chunks.flatMap((c) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? []));
    expect(deltas).toEqual([
      { index: 0, id: 'tooluse_A', type: 'function', function: { name: 'weather', arguments: '' } },
      { index: 0, function: { arguments: '{"city":' } },
      { index: 1, id: 'tooluse_B', type: 'function', function: { name: 'time', arguments: '' } },
      { index: 0, function: { arguments: '"Paris"}' } },
      { index: 1, function: { arguments: '{}' } },
    ]);
    expect(chunks.map((c) => c.choices[0]?.delta.reasoning_content).filter(Boolean)).toEqual(['Need the weather.']);
    expect(chunks.find((c) => c.choices[0]?.finish_reason !== null && c.choices[0]?.finish_reason !== undefined)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 25, completion_tokens: 9, total_tokens: 34, prompt_tokens_details: { cached_tokens: 20 } });
  });

  it('returns the chunks before an exception message, then throws the mapped error on the next call', () => {
    const failure = expect.objectContaining({ status: 429, type: 'rate_limit_error', message: 'Too many tokens, please wait before trying again.' }) as Error;
    const exception = bedrockException('throttlingException', 'Too many tokens, please wait before trying again.');
    const d = new BedrockStreamDecoder('m');
    const got = d.push(concat([bedrockEvent('messageStart', { role: 'assistant' }), bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } }), exception]));
    expect(got.map((c) => c.choices[0]?.delta)).toEqual([{ role: 'assistant' }, { content: 'Hi' }]);
    expect(() => d.push(new Uint8Array(0))).toThrow(failure);
    expect(() => d.end()).toThrow(failure);
    expect(() => new BedrockStreamDecoder('m').push(exception)).toThrow(failure);
  });

  it('keeps the messages framed before a corrupt one, then fails', () => {
    const good = bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'ok' } });
    const bad = bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'no' } });
    bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 0xff;
    const d = new BedrockStreamDecoder('m');
    expect(d.push(concat([good, bad])).map((c) => c.choices[0]?.delta.content)).toEqual(['ok']);
    expect(() => d.push(good)).toThrow(/corrupt/);
  });

  it('throws at end when the stream was cut mid-message, or ended before messageStop', () => {
    const cut = new BedrockStreamDecoder('m');
    cut.push(TEXT.subarray(0, TEXT.length - 10));
    expect(() => cut.end()).toThrow(expect.objectContaining({ status: 502, message: 'Bedrock stream ended in the middle of a message' }) as Error);
    const inPrelude = new BedrockStreamDecoder('m');
    inPrelude.push(TEXT.subarray(0, 2));
    expect(() => inPrelude.end()).toThrow(/middle of a message/);
    const early = new BedrockStreamDecoder('m');
    early.push(bedrockEvent('messageStart', { role: 'assistant' }));
    expect(() => early.end()).toThrow(/before messageStop/);
  });

  it('refuses a corrupt message (CRC) and a message over the bound', () => {
    const corrupt = TEXT.slice(0, 200);
    corrupt[30] = (corrupt[30] as number) ^ 0xff;
    expect(() => new BedrockStreamDecoder('m').push(corrupt)).toThrow(/corrupt/);
    expect(() => new BedrockStreamDecoder('m', 64).push(bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'x'.repeat(100) } }))).toThrow(/out of bounds/);
    // A prelude claiming 4 GiB is refused before anything is allocated.
    expect(() => new BedrockStreamDecoder('m').push(new Uint8Array([0xff, 0xff, 0xff, 0xff]))).toThrow(/out of bounds/);
  });
});
