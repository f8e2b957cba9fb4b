import type { ProviderCodec } from '../../canonical/chat.js';
import { decodeGeminiError } from './error.js';
import { decodeGeminiReply } from './reply.js';
import { encodeGeminiRequest, type GeminiApiVersion } from './request.js';
import { GeminiStreamDecoder } from './stream.js';

/** Options of the Gemini codec; none carries a credential (the caller adds `x-goog-api-key`). */
export interface GeminiCodecOptions {
  /** API version in the paths; default `v1beta`, the one that has tools, system instructions and thinking. */
  readonly apiVersion?: GeminiApiVersion;
  /** Bound on one SSE frame, in characters (default: the gateway's `MAX_FRAME_CHARS`). */
  readonly maxFrameChars?: number;
}

/**
 * The Gemini (Generative Language API) codec: canonical requests to `generateContent` and
 * `streamGenerateContent?alt=sse`, replies, streams and Google errors back. Pure: no I/O, no credentials.
 * @see https://ai.google.dev/api/generate-content
 */
export function createGeminiCodec(opts: GeminiCodecOptions = {}): ProviderCodec {
  const apiVersion = opts.apiVersion ?? 'v1beta';
  return {
    id: 'gemini',
    encodeRequest: (req, o) => encodeGeminiRequest(req, { model: o.model, stream: o.stream, apiVersion }),
    decodeReply: decodeGeminiReply,
    streamDecoder: (model) => new GeminiStreamDecoder(model, opts.maxFrameChars),
    decodeError: decodeGeminiError,
  };
}

/** The Gemini codec with default options. */
export const geminiCodec: ProviderCodec = createGeminiCodec();
