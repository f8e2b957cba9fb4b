import type { ChatCompletion, ChatToolCall } from '../../canonical/chat.js';
import { chatFailure } from '../chat-error.js';
import { finishReasonOf } from './stop-reason.js';
import { chatUsageOf, foldTokens } from './usage.js';

interface Block {
  readonly type?: unknown;
  readonly text?: unknown;
  readonly thinking?: unknown;
  readonly id?: unknown;
  readonly name?: unknown;
  readonly input?: unknown;
}

/**
 * A Messages reply as a Chat Completion: text blocks join `content`, thinking blocks `reasoning_content`,
 * `tool_use` blocks become `tool_calls` (input as JSON text); usage and stop reason mapped.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function chatCompletionOf(body: unknown, model: string, now = Date.now()): ChatCompletion {
  const o = body as Record<string, unknown> | null;
  if (o === null || typeof o !== 'object' || !Array.isArray(o['content'])) throw chatFailure({ status: 502, type: 'api_error', message: 'the upstream reply has no content' });
  let text = '';
  let reasoning: string | undefined;
  const calls: ChatToolCall[] = [];
  for (const b of o['content'] as Block[]) {
    if (b === null || typeof b !== 'object') continue;
    if (b.type === 'text' && typeof b.text === 'string') text += b.text;
    else if (b.type === 'thinking' && typeof b.thinking === 'string') reasoning = (reasoning ?? '') + b.thinking;
    else if (b.type === 'tool_use') {
      calls.push({ id: typeof b.id === 'string' ? b.id : `call_${calls.length}`, type: 'function', function: { name: typeof b.name === 'string' ? b.name : 'unknown', arguments: JSON.stringify(b.input ?? {}) } });
    }
  }
  const tokens = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  foldTokens(tokens, o['usage']);
  const message = {
    role: 'assistant' as const,
    content: text === '' && calls.length > 0 ? null : text,
    ...(calls.length > 0 ? { tool_calls: calls } : {}),
    ...(reasoning === undefined ? {} : { reasoning_content: reasoning }),
  };
  return {
    id: typeof o['id'] === 'string' ? o['id'] : 'msg_unknown',
    object: 'chat.completion',
    created: Math.floor(now / 1000),
    model: typeof o['model'] === 'string' ? o['model'] : model,
    choices: [{ index: 0, message, finish_reason: finishReasonOf(o['stop_reason']) }],
    usage: chatUsageOf(tokens),
  };
}
