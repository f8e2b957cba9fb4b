import type { ChatChunk, ChatCompletion, ChatMessage, ChatRequest, ProviderCodec, StreamDecoder } from '../../canonical/chat.js';
import { chatErrorOf, chatFailure } from '../chat-error.js';
import { FailureLatch } from '../failure-latch.js';
import { eventJson, SseEvents } from '../sse-decoder.js';

/**
 * Messages for an OpenAI-family server: `reasoning_content` (carried from another provider's thinking) is
 * dropped, since OpenAI rejects unknown message fields and DeepSeek rejects it in input.
 */
function outgoingMessages(ms: readonly ChatMessage[]): readonly ChatMessage[] {
  if (!ms.some((m) => m.role === 'assistant' && m.reasoning_content !== undefined)) return ms;
  return ms.map((m) => {
    if (m.role !== 'assistant' || m.reasoning_content === undefined) return m;
    const { reasoning_content: _r, ...rest } = m;
    return rest;
  });
}

/** The stream's chunks as they come; `[DONE]` and comments carry nothing; an `error` object fails the stream. */
class ChatStreamDecoder implements StreamDecoder {
  readonly #events = new SseEvents();
  /** An error chunk seen: thrown on the next call, so the chunks decoded before it are returned first. */
  readonly #latch = new FailureLatch();

  push(bytes: Uint8Array): readonly ChatChunk[] {
    this.#latch.check();
    return this.#chunks(this.#events.push(bytes));
  }

  end(): readonly ChatChunk[] {
    this.#latch.check();
    return this.#chunks(this.#events.end());
  }

  #chunks(events: ReturnType<SseEvents['push']>): ChatChunk[] {
    return this.#latch.each(events, (e) => {
      const o = eventJson(e);
      if (o === undefined) return undefined;
      if (o['error'] !== undefined && o['error'] !== null) throw chatFailure(chatErrorOf(500, e.data));
      return Array.isArray(o['choices']) ? (o as unknown as ChatChunk) : undefined;
    });
  }
}

/**
 * The codec for OpenAI Chat Completions servers (OpenAI, Azure OpenAI, and the OpenAI-compatible: vLLM, Ollama,
 * Groq, Together, Mistral, DeepSeek, OpenRouter), used when the caller speaks another format. The canonical
 * format is this one, so the request goes nearly as is; a stream always asks for usage, so tokens are counted.
 * `path` gives the path per model (Azure puts the deployment in it).
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function openAiCodec(id: string, path: (model: string) => string): ProviderCodec {
  return {
    id,
    encodeRequest(req: ChatRequest, o): { path: string; body: string; headers: Readonly<Record<string, string>> } {
      const body: Record<string, unknown> = { ...req, model: o.model, messages: outgoingMessages(req.messages), stream: o.stream };
      if (o.stream) body['stream_options'] = { ...req.stream_options, include_usage: true };
      else delete body['stream_options'];
      return { path: path(o.model), body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
    },
    decodeReply(body: unknown): ChatCompletion {
      const o = body as Partial<ChatCompletion> | null;
      if (o === null || typeof o !== 'object' || !Array.isArray(o.choices)) throw chatFailure({ status: 502, type: 'api_error', message: 'the upstream reply has no choices' });
      return o as ChatCompletion;
    },
    streamDecoder(): StreamDecoder {
      return new ChatStreamDecoder();
    },
    decodeError(status: number, body: string) {
      return chatErrorOf(status, body);
    },
  };
}
