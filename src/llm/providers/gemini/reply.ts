import { randomUUID } from 'node:crypto';
import { ERROR_CODES } from '../../../core/index.js';
import type { ChatCompletion } from '../../canonical/chat.js';
import { chatFailure } from '../chat-error.js';
import { mapGeminiFinishReason } from './finish-reason.js';
import { readParts } from './parts.js';
import { geminiUsage } from './usage.js';

/** A `GenerateContentResponse`, only what translation reads. */
export interface GeminiResponse {
  readonly candidates?: unknown;
  readonly usageMetadata?: unknown;
  readonly responseId?: unknown;
  readonly promptFeedback?: { readonly blockReason?: unknown };
}
interface Candidate {
  readonly content?: { readonly parts?: unknown };
  readonly finishReason?: unknown;
  readonly index?: unknown;
}

/** The candidates of a response, each with its index (Gemini omits `index` when there is one candidate). */
export function candidatesOf(r: GeminiResponse): readonly { readonly index: number; readonly c: Candidate }[] {
  if (!Array.isArray(r.candidates)) return [];
  return (r.candidates as unknown[]).flatMap((c, i) => (typeof c === 'object' && c !== null ? [{ index: typeof (c as Candidate).index === 'number' ? ((c as Candidate).index as number) : i, c: c as Candidate }] : []));
}

/** The canonical completion id of a Gemini response. */
export function completionId(r: GeminiResponse): string {
  return `chatcmpl-${typeof r.responseId === 'string' && r.responseId !== '' ? r.responseId : randomUUID()}`;
}

/**
 * A `generateContent` reply as a Chat Completion: one choice per candidate, text and thought text joined,
 * function calls as `tool_calls`. A prompt blocked before any candidate (`promptFeedback.blockReason`) is
 * one empty choice finished by `content_filter`, as OpenAI reports a filtered prompt. Throws a ChatFailure
 * (502) when the body is not a response at all.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export function decodeGeminiReply(body: unknown, model: string): ChatCompletion {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw chatFailure({ status: ERROR_CODES.UPSTREAM_ERROR.http, type: ERROR_CODES.UPSTREAM_ERROR.openai, message: 'Gemini answered with a body that is not a GenerateContentResponse' });
  }
  const r = body as GeminiResponse;
  const responseId = typeof r.responseId === 'string' ? r.responseId : undefined;
  const cands = candidatesOf(r);
  const choices: ChatCompletion['choices'][number][] = cands.map(({ index, c }) => {
    const read = readParts(c.content?.parts, { responseId, candidate: index, callsBefore: 0 });
    return {
      index,
      message: {
        role: 'assistant',
        content: read.text === '' && read.calls.length > 0 ? null : read.text,
        ...(read.calls.length > 0 ? { tool_calls: read.calls } : {}),
        ...(read.reasoning === '' ? {} : { reasoning_content: read.reasoning }),
      },
      finish_reason: mapGeminiFinishReason(c.finishReason, read.calls.length > 0) ?? 'stop',
    };
  });
  if (choices.length === 0) choices.push({ index: 0, message: { role: 'assistant', content: null }, finish_reason: r.promptFeedback?.blockReason !== undefined ? 'content_filter' : 'stop' });
  const usage = geminiUsage(r.usageMetadata);
  return { id: completionId(r), object: 'chat.completion', created: Math.floor(Date.now() / 1000), model, choices, ...(usage === undefined ? {} : { usage }) };
}
