import type { SseFrame } from '../sse-framer.js';
import { frameJson, type StreamGate } from '../stream-gate.js';
import { MAX_TOOL_ARGS_CHARS, type ReplyToolCall, type ToolVerdict } from '../tool-gate.js';

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

interface Held {
  readonly index: number;
  readonly name: string;
  readonly callId: string | undefined;
  readonly startInput: unknown;
  readonly frames: string[];
  json: string;
}

/**
 * The streaming gate for Anthropic Messages: a `tool_use` block (from `content_block_start` to its
 * `content_block_stop`) is held, its `input_json_delta`s assembled, then the whole block is released
 * byte-exact or replaced by a text block at the same index saying why. Every other frame (text, thinking and
 * its signature, pings) passes untouched as it arrives. If every tool call was replaced, the `message_delta`'s
 * `stop_reason: "tool_use"` becomes `"end_turn"`.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export class AnthropicStreamGate implements StreamGate {
  readonly #decide: (call: ReplyToolCall) => ToolVerdict;
  #held: Held | undefined;
  #kept = 0;
  #replaced = 0;

  constructor(decide: (call: ReplyToolCall) => ToolVerdict) {
    this.#decide = decide;
  }

  frame(f: SseFrame): string {
    const type = f.event?.event;
    if (this.#held !== undefined) return this.#whileHeld(f, type);
    if (type === 'content_block_start') {
      const d = frameJson(f);
      const block = d?.['content_block'] as { type?: unknown; id?: unknown; name?: unknown; input?: unknown } | undefined;
      if (block?.type === 'tool_use' && typeof d?.['index'] === 'number') {
        this.#held = {
          index: d['index'],
          name: typeof block.name === 'string' ? block.name : 'unknown',
          callId: typeof block.id === 'string' ? block.id : undefined,
          startInput: block.input,
          frames: [f.raw],
          json: '',
        };
        return '';
      }
    } else if (type === 'message_delta' && this.#replaced > 0 && this.#kept === 0) {
      const d = frameJson(f);
      const delta = d?.['delta'] as Record<string, unknown> | undefined;
      if (d !== undefined && delta?.['stop_reason'] === 'tool_use') return sse('message_delta', { ...d, delta: { ...delta, stop_reason: 'end_turn' } });
    }
    return f.raw;
  }

  #whileHeld(f: SseFrame, type: string | undefined): string {
    const h = this.#held as Held;
    if (type === 'error') {
      // The provider failed mid-block: the incomplete call is dropped, the error reaches the client.
      this.#held = undefined;
      return f.raw;
    }
    h.frames.push(f.raw);
    if (type === 'content_block_delta') {
      const d = frameJson(f);
      const delta = d?.['delta'] as { type?: unknown; partial_json?: unknown } | undefined;
      // Past the bound the text is no longer kept: the call is refused at its stop, unread arguments never pass.
      if (delta?.type === 'input_json_delta' && typeof delta.partial_json === 'string' && h.json.length <= MAX_TOOL_ARGS_CHARS) h.json += delta.partial_json;
      return '';
    }
    if (type !== 'content_block_stop') return '';
    this.#held = undefined;
    const rawArgs = h.json === '' ? JSON.stringify(h.startInput ?? {}) : h.json;
    const v = this.#decide({ name: h.name, callId: h.callId, rawArgs });
    if (v.kind === 'allow') {
      this.#kept++;
      return h.frames.join('');
    }
    this.#replaced++;
    // Pings and other frames that arrived while holding are dropped with the block; they carry nothing.
    return (
      sse('content_block_start', { type: 'content_block_start', index: h.index, content_block: { type: 'text', text: '' } }) +
      sse('content_block_delta', { type: 'content_block_delta', index: h.index, delta: { type: 'text_delta', text: v.text } }) +
      sse('content_block_stop', { type: 'content_block_stop', index: h.index })
    );
  }

  end(): string {
    this.#held = undefined;
    return '';
  }
}
