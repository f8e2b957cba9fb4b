import type { ChatFinishReason } from '../../canonical/chat.js';

/**
 * Anthropic's `stop_reason` as a Chat Completions `finish_reason`: a tool call is `tool_calls`, running out of
 * tokens is `length`, a refusal is `content_filter`, every other end is `stop`.
 * @see https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function finishReasonOf(stop: unknown): ChatFinishReason {
  switch (stop) {
    case 'tool_use':
      return 'tool_calls';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}
