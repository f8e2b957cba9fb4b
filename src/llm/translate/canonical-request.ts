import type { ChatRequest } from '../canonical/chat.js';
import type { WireFormat } from '../wire-format.js';
import { chatRequestOfAnthropic } from './anthropic-request.js';

/** A caller's request body as the canonical request: Chat Completions already is it; Messages is mapped. */
export function canonicalOf(format: WireFormat, body: Readonly<Record<string, unknown>>): ChatRequest {
  switch (format) {
    case 'openai':
      return body as ChatRequest;
    case 'anthropic':
      return chatRequestOfAnthropic(body);
  }
}
