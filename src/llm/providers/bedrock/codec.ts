import type { ProviderCodec } from '../../canonical/chat.js';
import { decodeBedrockError } from './error.js';
import { decodeBedrockReply } from './reply.js';
import { encodeBedrockRequest } from './request.js';
import { BedrockStreamDecoder } from './stream.js';

/** Options of the Bedrock codec; credentials and region go to `signBedrock`, not here. */
export interface BedrockCodecOptions {
  /** Bound on one event-stream message, in bytes (default `MAX_EVENT_BYTES`, 8 MiB). */
  readonly maxEventBytes?: number;
}

/**
 * The Bedrock Converse codec: canonical requests to `/model/{modelId}/converse` and `/converse-stream`,
 * replies, event streams and errors back. Pure: no I/O; the caller signs each request with `signBedrock`.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference.html
 */
export function createBedrockCodec(opts: BedrockCodecOptions = {}): ProviderCodec {
  return {
    id: 'bedrock',
    encodeRequest: encodeBedrockRequest,
    decodeReply: decodeBedrockReply,
    streamDecoder: (model) => new BedrockStreamDecoder(model, opts.maxEventBytes),
    decodeError: decodeBedrockError,
  };
}

/** The Bedrock codec with default options. */
export const bedrockCodec: ProviderCodec = createBedrockCodec();
