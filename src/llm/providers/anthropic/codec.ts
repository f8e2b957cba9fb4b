import type { ChatRequest, ProviderCodec, ProviderRequest } from '../../canonical/chat.js';
import { chatErrorOf } from '../chat-error.js';
import { chatCompletionOf } from './reply.js';
import { anthropicRequest } from './request.js';
import { AnthropicStreamDecoder } from './stream.js';

/** The API version sent when the caller is not an Anthropic client (which would send its own). */
export const ANTHROPIC_VERSION = '2023-06-01';

/**
 * Anthropic Messages behind a caller in another format: the request mapped by `anthropicRequest`, replies by
 * `chatCompletionOf`, streams by `AnthropicStreamDecoder`; errors keep their status, message and type.
 * @see https://docs.anthropic.com/en/api/messages
 */
export const ANTHROPIC_CODEC: ProviderCodec = {
  id: 'anthropic',
  encodeRequest(req: ChatRequest, o): ProviderRequest {
    return { path: '/v1/messages', body: JSON.stringify(anthropicRequest(req, o)), headers: { 'content-type': 'application/json', 'anthropic-version': ANTHROPIC_VERSION } };
  },
  decodeReply: (body, model) => chatCompletionOf(body, model),
  streamDecoder: (model) => new AnthropicStreamDecoder(model),
  decodeError: (status, body) => chatErrorOf(status, body),
};
