import type { ChatFinishReason } from '../../canonical/chat.js';

/**
 * Converse `stopReason` as OpenAI's finish reason: `tool_use` is `tool_calls`, `max_tokens` and a full
 * context window are `length`, guardrail and content-filter stops are `content_filter`, the rest `stop`.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
 */
export function mapBedrockStopReason(reason: unknown): ChatFinishReason {
  switch (reason) {
    case 'tool_use':
      return 'tool_calls';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      // end_turn, stop_sequence, and any reason added later.
      return 'stop';
  }
}
