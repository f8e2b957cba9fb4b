import { randomUUID } from 'node:crypto';
import { ERROR_CODES } from '../../../core/index.js';
import type { ChatCompletion, ChatToolCall } from '../../canonical/chat.js';
import { chatFailure } from '../chat-error.js';
import { mapBedrockStopReason } from './stop-reason.js';
import { bedrockUsage } from './usage.js';

interface Block {
  readonly text?: unknown;
  readonly toolUse?: { readonly toolUseId?: unknown; readonly name?: unknown; readonly input?: unknown };
  readonly reasoningContent?: { readonly reasoningText?: { readonly text?: unknown } };
}
interface ConverseOutput {
  readonly output?: { readonly message?: { readonly content?: unknown } };
  readonly stopReason?: unknown;
  readonly usage?: unknown;
}

/**
 * A Converse reply as a Chat Completion: text blocks joined, `toolUse` blocks as `tool_calls` (their ids
 * kept), reasoning text as `reasoning_content` (its signature has no canonical field and is dropped).
 * Converse replies carry no id: one is made. Throws a ChatFailure (502) when the body is not a reply.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
 */
export function decodeBedrockReply(body: unknown, model: string): ChatCompletion {
  const r = body as ConverseOutput;
  const content = typeof body === 'object' && body !== null ? r.output?.message?.content : undefined;
  if (!Array.isArray(content)) throw chatFailure({ status: ERROR_CODES.UPSTREAM_ERROR.http, type: ERROR_CODES.UPSTREAM_ERROR.openai, message: 'Bedrock answered with a body that is not a Converse reply' });
  let text = '';
  let reasoning = '';
  const calls: ChatToolCall[] = [];
  for (const b of content as Block[]) {
    if (typeof b !== 'object' || b === null) continue;
    if (typeof b.text === 'string') text += b.text;
    else if (typeof b.toolUse === 'object' && b.toolUse !== null) {
      const t = b.toolUse;
      calls.push({ id: typeof t.toolUseId === 'string' ? t.toolUseId : `tooluse_${randomUUID()}`, type: 'function', function: { name: typeof t.name === 'string' ? t.name : 'unknown', arguments: JSON.stringify(t.input ?? {}) } });
    } else if (typeof b.reasoningContent?.reasoningText?.text === 'string') reasoning += b.reasoningContent.reasoningText.text;
  }
  const usage = bedrockUsage(r.usage);
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text === '' && calls.length > 0 ? null : text, ...(calls.length > 0 ? { tool_calls: calls } : {}), ...(reasoning === '' ? {} : { reasoning_content: reasoning }) },
        finish_reason: mapBedrockStopReason(r.stopReason),
      },
    ],
    ...(usage === undefined ? {} : { usage }),
  };
}
