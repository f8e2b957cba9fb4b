import { randomUUID } from 'node:crypto';
import { ERROR_CODES } from '../../../core/index.js';
import type { ChatChunk, ChatUsage, StreamDecoder } from '../../canonical/chat.js';
import { MAX_FRAME_CHARS, SseFramer } from '../../sse-framer.js';
import { geminiErrorOf } from './error.js';
import { chatFailure } from '../chat-error.js';
import { FailureLatch } from '../failure-latch.js';
import { mapGeminiFinishReason } from './finish-reason.js';
import { readParts } from './parts.js';
import { candidatesOf, type GeminiResponse } from './reply.js';
import { geminiUsage } from './usage.js';

type Choice = ChatChunk['choices'][number];
type Delta = { -readonly [K in keyof Choice['delta']]: Choice['delta'][K] };

const BROKEN = ERROR_CODES.UPSTREAM_ERROR;

/**
 * Gemini's `streamGenerateContent?alt=sse` as canonical chunks. Each SSE frame is a whole
 * GenerateContentResponse holding the next text of each candidate; function calls arrive whole, each becoming
 * one tool-call delta with its id, name and full arguments. `usageMetadata` is cumulative, so only the last
 * one counts: it is sent in a final chunk with no choices at `end()`, as OpenAI sends usage. Text is decoded
 * as a UTF-8 stream (a character split across pushes is kept whole), frames are bounded by `maxFrameChars`.
 * An `{"error":…}` frame, an oversized frame, a frame that is not JSON, and a stream that ends mid-frame or
 * before any candidate finished all fail the stream with a ChatFailure, by the `FailureLatch` convention: the
 * chunks decoded before it first, the failure on the next call.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export class GeminiStreamDecoder implements StreamDecoder {
  readonly #model: string;
  readonly #framer: SseFramer;
  readonly #utf8 = new TextDecoder('utf-8');
  readonly #created = Math.floor(Date.now() / 1000);
  #id: string | undefined;
  #responseId: string | undefined;
  /** Per candidate: calls so far (for indexes and ids), and whether its role was announced. */
  readonly #calls = new Map<number, number>();
  #usage: ChatUsage | undefined;
  #finished = false;
  readonly #latch = new FailureLatch();

  constructor(model: string, maxFrameChars = MAX_FRAME_CHARS) {
    this.#model = model;
    this.#framer = new SseFramer(maxFrameChars);
  }

  push(bytes: Uint8Array): readonly ChatChunk[] {
    this.#latch.check();
    return this.#frames(this.#utf8.decode(bytes, { stream: true }));
  }

  end(): readonly ChatChunk[] {
    this.#latch.check();
    const out = [...this.#frames(this.#utf8.decode())];
    // A failure among the last frames is already held for the next call; the chunks before it go first.
    if (this.#latch.holding) return out;
    try {
      if (this.#framer.rest().trim() !== '') throw chatFailure({ status: BROKEN.http, type: BROKEN.openai, message: 'Gemini stream ended in the middle of a frame' });
      if (!this.#finished) throw chatFailure({ status: BROKEN.http, type: BROKEN.openai, message: 'Gemini stream ended before the reply finished' });
    } catch (e) {
      return this.#latch.hold(out, e);
    }
    if (this.#usage !== undefined) out.push(this.#chunk([], this.#usage));
    return out;
  }

  #frames(text: string): ChatChunk[] {
    if (text === '') return [];
    const frames = this.#framer.push(text);
    if (frames === undefined) throw chatFailure({ status: BROKEN.http, type: BROKEN.openai, message: 'Gemini stream frame exceeds the size limit' });
    return this.#latch.each(frames, (f) => {
      const data = f.event?.data;
      if (data === undefined || data === '' || data === '[DONE]') return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        throw chatFailure({ status: BROKEN.http, type: BROKEN.openai, message: 'Gemini stream frame is not JSON' });
      }
      return this.#response(parsed);
    });
  }

  #response(parsed: unknown): ChatChunk | undefined {
    if (typeof parsed !== 'object' || parsed === null) throw chatFailure({ status: BROKEN.http, type: BROKEN.openai, message: 'Gemini stream frame is not a response object' });
    const err = (parsed as { error?: unknown }).error;
    if (typeof err === 'object' && err !== null) {
      const e = geminiErrorOf(BROKEN.http, err);
      throw chatFailure(e);
    }
    const r = parsed as GeminiResponse;
    if (this.#id === undefined) {
      this.#responseId = typeof r.responseId === 'string' && r.responseId !== '' ? r.responseId : undefined;
      this.#id = `chatcmpl-${this.#responseId ?? randomUUID()}`;
    }
    this.#usage = geminiUsage(r.usageMetadata) ?? this.#usage;
    const choices: Choice[] = [];
    for (const { index, c } of candidatesOf(r)) {
      const before = this.#calls.get(index);
      const read = readParts(c.content?.parts, { responseId: this.#responseId, candidate: index, callsBefore: before ?? 0 });
      const total = (before ?? 0) + read.calls.length;
      this.#calls.set(index, total);
      const delta: Delta = {};
      if (before === undefined) delta.role = 'assistant';
      if (read.text !== '') delta.content = read.text;
      if (read.reasoning !== '') delta.reasoning_content = read.reasoning;
      if (read.calls.length > 0) delta.tool_calls = read.calls.map((tc, i) => ({ index: (before ?? 0) + i, id: tc.id, type: 'function' as const, function: { name: tc.function.name, arguments: tc.function.arguments } }));
      const finish = mapGeminiFinishReason(c.finishReason, total > 0);
      if (finish !== null) this.#finished = true;
      if (Object.keys(delta).length > 0 || finish !== null) choices.push({ index, delta, finish_reason: finish });
    }
    if (candidatesOf(r).length === 0 && r.promptFeedback?.blockReason !== undefined) {
      this.#finished = true;
      choices.push({ index: 0, delta: { role: 'assistant' }, finish_reason: 'content_filter' });
    }
    return choices.length === 0 ? undefined : this.#chunk(choices, undefined);
  }

  #chunk(choices: Choice[], usage: ChatUsage | undefined): ChatChunk {
    return { id: this.#id ?? `chatcmpl-${randomUUID()}`, object: 'chat.completion.chunk', created: this.#created, model: this.#model, choices, ...(usage === undefined ? {} : { usage }) };
  }
}
