import type { ChatFinishReason } from '../../canonical/chat.js';

/**
 * Gemini's `finishReason` as OpenAI's. `STOP` after function calls is `tool_calls` (Gemini has no reason of
 * its own for it); every safety-type stop is `content_filter`; reasons without an equivalent
 * (`MALFORMED_FUNCTION_CALL`, `LANGUAGE`, `OTHER`) end the turn as `stop`. Undefined while the stream goes on.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 */
export function mapGeminiFinishReason(reason: unknown, madeCalls: boolean): ChatFinishReason | null {
  if (typeof reason !== 'string' || reason === '') return null;
  switch (reason) {
    case 'STOP':
      return madeCalls ? 'tool_calls' : 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
    case 'IMAGE_RECITATION':
      return 'content_filter';
    default:
      return madeCalls ? 'tool_calls' : 'stop';
  }
}
