import type { EventSourceMessage } from 'eventsource-parser';
import type { ChatChunk, ChatFinishReason, StreamDecoder } from '../../canonical/chat.js';
import { chatErrorOf, chatFailure } from '../chat-error.js';
import { eventJson, SseEvents } from '../sse-decoder.js';
import { finishReasonOf } from './stop-reason.js';
import { chatUsageOf, foldTokens, type AnthropicTokens } from './usage.js';
import { FailureLatch } from '../failure-latch.js';
import { anthropicErrorStatus } from '../../anthropic/error-status.js';

type Delta = ChatChunk['choices'][number]['delta'];

/**
 * Anthropic Messages stream events to Chat Completions chunks: `message_start` gives the role chunk (id, model,
 * input tokens); `text_delta` → `content`; `thinking_delta` → `reasoning_content`; a `tool_use` block's start
 * opens a tool call (id and name, numbered in order of appearance) and its `input_json_delta`s append to its
 * `arguments`; `message_delta` gives the finish chunk with the usage (always sent: the gateway counts it);
 * `event: error` fails the stream with its status. Signatures, pings and `message_stop` carry nothing here.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export class AnthropicStreamDecoder implements StreamDecoder {
  readonly #events = new SseEvents();
  readonly #model: string;
  readonly #created: number;
  #id = 'msg_unknown';
  /** Block index → tool call index, for the blocks that are tool calls. */
  readonly #tools = new Map<number, number>();
  readonly #tokens: AnthropicTokens = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  /** An error event seen: thrown on the next call, so the chunks decoded before it are returned first. */
  readonly #latch = new FailureLatch();

  constructor(model: string, now = Date.now()) {
    this.#model = model;
    this.#created = Math.floor(now / 1000);
  }

  push(bytes: Uint8Array): readonly ChatChunk[] {
    this.#latch.check();
    return this.#chunks(this.#events.push(bytes));
  }

  end(): readonly ChatChunk[] {
    this.#latch.check();
    return this.#chunks(this.#events.end());
  }

  #chunk(delta: Delta, finish: ChatFinishReason | null = null, usage = false): ChatChunk {
    const c: ChatChunk = { id: this.#id, object: 'chat.completion.chunk', created: this.#created, model: this.#model, choices: [{ index: 0, delta, finish_reason: finish }] };
    return usage ? { ...c, usage: chatUsageOf(this.#tokens) } : c;
  }

  #chunks(events: readonly EventSourceMessage[]): ChatChunk[] {
    return this.#latch.each(events, (e) => {
      const d = eventJson(e);
      return d === undefined ? undefined : this.#event(e.event ?? (typeof d['type'] === 'string' ? d['type'] : ''), d);
    });
  }

  #event(type: string, d: Record<string, unknown>): ChatChunk | undefined {
    switch (type) {
      case 'message_start': {
        const m = d['message'] as Record<string, unknown> | undefined;
        if (typeof m?.['id'] === 'string') this.#id = m['id'];
        foldTokens(this.#tokens, m?.['usage']);
        return this.#chunk({ role: 'assistant', content: '' });
      }
      case 'content_block_start': {
        const b = d['content_block'] as Record<string, unknown> | undefined;
        const index = typeof d['index'] === 'number' ? d['index'] : -1;
        if (b?.['type'] === 'tool_use') {
          const i = this.#tools.size;
          this.#tools.set(index, i);
          return this.#chunk({ tool_calls: [{ index: i, id: String(b['id']), type: 'function', function: { name: String(b['name']), arguments: '' } }] });
        }
        if (b?.['type'] === 'text' && typeof b['text'] === 'string' && b['text'] !== '') return this.#chunk({ content: b['text'] });
        return undefined;
      }
      case 'content_block_delta': {
        const delta = d['delta'] as Record<string, unknown> | undefined;
        switch (delta?.['type']) {
          case 'text_delta':
            return typeof delta['text'] === 'string' ? this.#chunk({ content: delta['text'] }) : undefined;
          case 'thinking_delta':
            return typeof delta['thinking'] === 'string' ? this.#chunk({ reasoning_content: delta['thinking'] }) : undefined;
          case 'input_json_delta': {
            const i = this.#tools.get(typeof d['index'] === 'number' ? d['index'] : -1);
            if (i === undefined || typeof delta['partial_json'] !== 'string' || delta['partial_json'] === '') return undefined;
            return this.#chunk({ tool_calls: [{ index: i, function: { arguments: delta['partial_json'] } }] });
          }
          default:
            return undefined;
        }
      }
      case 'message_delta': {
        foldTokens(this.#tokens, d['usage']);
        const delta = d['delta'] as Record<string, unknown> | undefined;
        return this.#chunk({}, finishReasonOf(delta?.['stop_reason']), true);
      }
      case 'error': {
        const e = d['error'] as Record<string, unknown> | undefined;
        throw chatFailure(chatErrorOf(anthropicErrorStatus(e?.['type']), JSON.stringify(d)));
      }
      default:
        return undefined;
    }
  }
}
