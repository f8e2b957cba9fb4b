import { randomUUID } from 'node:crypto';
import { ERROR_CODES } from '../../../core/index.js';
import type { ChatChunk, ChatUsage, StreamDecoder } from '../../canonical/chat.js';
import { bedrockExceptionError } from './error.js';
import { EventStreamFramer, stringHeader, type EventStreamMessage } from './event-stream.js';
import { chatFailure } from '../chat-error.js';
import { FailureLatch } from '../failure-latch.js';
import { mapBedrockStopReason } from './stop-reason.js';
import { bedrockUsage } from './usage.js';

type Choice = ChatChunk['choices'][number];
type Delta = Choice['delta'];

interface EventBody {
  readonly contentBlockIndex?: unknown;
  readonly start?: { readonly toolUse?: { readonly toolUseId?: unknown; readonly name?: unknown } };
  readonly delta?: { readonly text?: unknown; readonly toolUse?: { readonly input?: unknown }; readonly reasoningContent?: { readonly text?: unknown } };
  readonly stopReason?: unknown;
  readonly usage?: unknown;
  readonly message?: unknown;
}

const BROKEN = ERROR_CODES.UPSTREAM_ERROR;
const UTF8 = new TextDecoder('utf-8');

/**
 * Bedrock's `converse-stream` (AWS event-stream binary framing) as canonical chunks: `messageStart` gives
 * the role, `contentBlockStart` a tool call's id and name, `contentBlockDelta` text, reasoning text or a
 * piece of a tool call's JSON input, `messageStop` the finish reason, `metadata` the usage (a last chunk
 * without choices). Tool calls are numbered in the order their blocks start. An exception message, a
 * corrupt or oversized message, and a stream that ends mid-message or before `messageStop` fail the stream
 * with a ChatFailure, by the `FailureLatch` convention: the chunks decoded before it first, the failure on the
 * next call.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */
export class BedrockStreamDecoder implements StreamDecoder {
  readonly #model: string;
  readonly #framer: EventStreamFramer;
  readonly #id = `chatcmpl-${randomUUID()}`;
  readonly #created = Math.floor(Date.now() / 1000);
  /** Content block index → tool call index. */
  readonly #tools = new Map<number, number>();
  #stopped = false;
  readonly #latch = new FailureLatch();

  constructor(model: string, maxEventBytes?: number) {
    this.#model = model;
    this.#framer = new EventStreamFramer(maxEventBytes);
  }

  push(bytes: Uint8Array): readonly ChatChunk[] {
    this.#latch.check();
    // The framer keeps the same convention: messages framed before a corrupt one come first.
    const messages = this.#framer.push(bytes);
    const out = this.#latch.each(messages, (m) => this.#message(m));
    if (this.#latch.holding) return out;
    try {
      this.#framer.check();
    } catch (e) {
      return this.#latch.hold(out, e);
    }
    return out;
  }

  end(): readonly ChatChunk[] {
    this.#latch.check();
    this.#framer.check();
    if (this.#framer.pending() > 0) throw chatFailure({ status: BROKEN.http, type: BROKEN.openai, message: 'Bedrock stream ended in the middle of a message' });
    if (!this.#stopped) throw chatFailure({ status: BROKEN.http, type: BROKEN.openai, message: 'Bedrock stream ended before messageStop' });
    return [];
  }

  #message(m: EventStreamMessage): ChatChunk | undefined {
    const kind = stringHeader(m, ':message-type');
    if (kind === 'error') {
      throw chatFailure({ status: BROKEN.http, type: BROKEN.openai, message: `Bedrock stream error ${stringHeader(m, ':error-code') ?? ''}: ${stringHeader(m, ':error-message') ?? ''}`.trim() });
    }
    let body: EventBody;
    try {
      body = JSON.parse(UTF8.decode(m.body)) as EventBody;
    } catch {
      throw chatFailure({ status: BROKEN.http, type: BROKEN.openai, message: 'Bedrock stream event is not JSON' });
    }
    if (kind === 'exception') {
      const e = bedrockExceptionError(stringHeader(m, ':exception-type') ?? '', typeof body.message === 'string' ? body.message : 'Bedrock stream exception');
      throw chatFailure(e);
    }
    switch (stringHeader(m, ':event-type')) {
      case 'messageStart':
        return this.#chunk({ role: 'assistant' }, null);
      case 'contentBlockStart': {
        const t = body.start?.toolUse;
        if (t === undefined || typeof body.contentBlockIndex !== 'number') return undefined;
        const index = this.#tools.size;
        this.#tools.set(body.contentBlockIndex, index);
        const id = typeof t.toolUseId === 'string' ? t.toolUseId : `tooluse_${randomUUID()}`;
        return this.#chunk({ tool_calls: [{ index, id, type: 'function', function: { name: typeof t.name === 'string' ? t.name : 'unknown', arguments: '' } }] }, null);
      }
      case 'contentBlockDelta':
        return this.#delta(body);
      case 'messageStop':
        this.#stopped = true;
        return this.#chunk({}, mapBedrockStopReason(body.stopReason));
      case 'metadata': {
        const usage = bedrockUsage(body.usage);
        return usage === undefined ? undefined : this.#usageChunk(usage);
      }
      default:
        // contentBlockStop, and events added later.
        return undefined;
    }
  }

  #delta(body: EventBody): ChatChunk | undefined {
    const d = body.delta;
    if (typeof d?.text === 'string') return d.text === '' ? undefined : this.#chunk({ content: d.text }, null);
    if (typeof d?.toolUse?.input === 'string' && typeof body.contentBlockIndex === 'number') {
      const index = this.#tools.get(body.contentBlockIndex);
      if (index === undefined) throw chatFailure({ status: BROKEN.http, type: BROKEN.openai, message: 'Bedrock stream sent tool input for a block that never started' });
      return this.#chunk({ tool_calls: [{ index, function: { arguments: d.toolUse.input } }] }, null);
    }
    if (typeof d?.reasoningContent?.text === 'string') return this.#chunk({ reasoning_content: d.reasoningContent.text }, null);
    // A reasoning signature or redacted reasoning: no canonical field.
    return undefined;
  }

  #chunk(delta: Delta, finish: Choice['finish_reason']): ChatChunk {
    return { id: this.#id, object: 'chat.completion.chunk', created: this.#created, model: this.#model, choices: [{ index: 0, delta, finish_reason: finish }] };
  }

  #usageChunk(usage: ChatUsage): ChatChunk {
    return { id: this.#id, object: 'chat.completion.chunk', created: this.#created, model: this.#model, choices: [], usage };
  }
}
