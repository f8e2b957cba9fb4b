import type { ChatChunk } from '../canonical/chat.js';

/**
 * Canonical chunks re-encoded as a Chat Completions stream: one `data:` event per chunk, `data: [DONE]` at the
 * end. The usage rides on the finish chunk, where the codecs put it (clients read `usage` on any chunk).
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export class OpenAiEventEncoder {
  push(chunks: readonly ChatChunk[]): string {
    let out = '';
    for (const c of chunks) out += `data: ${JSON.stringify(c)}\n\n`;
    return out;
  }

  end(): string {
    return 'data: [DONE]\n\n';
  }

  abort(): string {
    return '';
  }
}
