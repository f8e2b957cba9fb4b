import type { ChatChunk, ChatFinishReason, ChatUsage } from '../canonical/chat.js';
import { anthropicUsageOf, stopReasonOf } from './anthropic-reply.js';

type Open = { readonly kind: 'text' | 'thinking'; readonly index: number } | { readonly kind: 'tool'; readonly index: number; readonly call: number };

function sse(event: string, data: Record<string, unknown>): string {
  return `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;
}

/**
 * Canonical chunks re-encoded as an Anthropic Messages stream: `message_start` on the first chunk; one content
 * block at a time (`reasoning_content` → a thinking block, `content` → a text block, each tool call → a
 * `tool_use` block whose argument pieces are `input_json_delta`s), each closed by `content_block_stop` when the
 * next kind begins; at the end, `message_delta` with the stop reason and the usage (input tokens included, as
 * OpenAI reports them only at the end) and `message_stop`. Only the first choice is carried. A call's argument
 * pieces are expected in order, call after call, as OpenAI-compatible servers send them.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export class AnthropicEventEncoder {
  readonly #model: string;
  #started = false;
  #open: Open | undefined;
  #next = 0;
  #calls = 0;
  #finish: ChatFinishReason | null = null;
  #usage: ChatUsage | undefined;

  constructor(model: string) {
    this.#model = model;
  }

  push(chunks: readonly ChatChunk[]): string {
    let out = '';
    for (const c of chunks) out += this.#chunk(c);
    return out;
  }

  #start(id: string, model: string): string {
    this.#started = true;
    const message = { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } };
    return sse('message_start', { message });
  }

  #close(): string {
    if (this.#open === undefined) return '';
    const index = this.#open.index;
    this.#open = undefined;
    return sse('content_block_stop', { index });
  }

  /** Opens a block of a kind unless one of that kind is open; returns the frames and the open block's index. */
  #ensure(kind: 'text' | 'thinking'): string {
    if (this.#open?.kind === kind) return '';
    const out = this.#close();
    const index = this.#next++;
    this.#open = { kind, index };
    const block = kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' };
    return out + sse('content_block_start', { index, content_block: block });
  }

  #chunk(c: ChatChunk): string {
    let out = this.#started ? '' : this.#start(c.id, c.model === '' ? this.#model : c.model);
    if (c.usage !== undefined && c.usage !== null) this.#usage = c.usage;
    const ch = c.choices.find((x) => x.index === 0);
    if (ch === undefined) return out;
    const d = ch.delta;
    if (typeof d.reasoning_content === 'string' && d.reasoning_content !== '') {
      out += this.#ensure('thinking');
      out += sse('content_block_delta', { index: this.#open?.index, delta: { type: 'thinking_delta', thinking: d.reasoning_content } });
    }
    if (typeof d.content === 'string' && d.content !== '') {
      out += this.#ensure('text');
      out += sse('content_block_delta', { index: this.#open?.index, delta: { type: 'text_delta', text: d.content } });
    }
    for (const t of d.tool_calls ?? []) {
      const open = this.#open;
      if (open?.kind !== 'tool' || open.call !== t.index) {
        out += this.#close();
        const index = this.#next++;
        this.#open = { kind: 'tool', index, call: t.index };
        this.#calls++;
        out += sse('content_block_start', { index, content_block: { type: 'tool_use', id: t.id ?? `toolu_${index}`, name: t.function?.name ?? 'unknown', input: {} } });
      }
      const args = t.function?.arguments;
      if (typeof args === 'string' && args !== '') out += sse('content_block_delta', { index: this.#open?.index, delta: { type: 'input_json_delta', partial_json: args } });
    }
    if (ch.finish_reason !== null && ch.finish_reason !== undefined) this.#finish = ch.finish_reason;
    return out;
  }

  /** The provider's stream ended: the open block closes, then the stop reason, usage and `message_stop`. */
  end(o: { readonly id: string } = { id: 'msg_translated' }): string {
    let out = this.#started ? '' : this.#start(o.id, this.#model);
    out += this.#close();
    out += sse('message_delta', { delta: { stop_reason: stopReasonOf(this.#finish, this.#calls > 0), stop_sequence: null }, usage: anthropicUsageOf(this.#usage) });
    return out + sse('message_stop', {});
  }

  /** Ends a stream that broke: the open block is closed so the error event follows a well-formed prefix. */
  abort(): string {
    return this.#close();
  }
}
