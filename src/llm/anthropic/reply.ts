import type { ReplyToolCall, ToolVerdict } from '../tool-gate.js';

interface Block {
  readonly type?: unknown;
  readonly id?: unknown;
  readonly name?: unknown;
  readonly input?: unknown;
}

/**
 * Gates the `tool_use` blocks of a non-streaming Messages reply: each goes to `decide`; a refused one becomes a
 * text block saying why. When no tool call is left, `stop_reason: "tool_use"` becomes `"end_turn"` so the
 * client does not wait for tool results. Returns the rewritten reply, or undefined when nothing changed (the
 * caller then forwards the provider's bytes untouched).
 */
export function gateAnthropicReply(reply: Record<string, unknown>, decide: (call: ReplyToolCall) => ToolVerdict): Record<string, unknown> | undefined {
  if (!Array.isArray(reply['content'])) return undefined;
  let replaced = 0;
  let kept = 0;
  const content = (reply['content'] as Block[]).map((b) => {
    if (b === null || typeof b !== 'object' || b.type !== 'tool_use') return b;
    const v = decide({ name: typeof b.name === 'string' ? b.name : 'unknown', callId: typeof b.id === 'string' ? b.id : undefined, rawArgs: JSON.stringify(b.input ?? {}) });
    if (v.kind === 'allow') {
      kept++;
      return b;
    }
    replaced++;
    return { type: 'text', text: v.text };
  });
  if (replaced === 0) return undefined;
  const stop = kept === 0 && reply['stop_reason'] === 'tool_use' ? 'end_turn' : reply['stop_reason'];
  return { ...reply, content, stop_reason: stop };
}
