/** The Gemini codec's public surface: what wiring a Gemini target needs. */
export { createGeminiCodec, geminiCodec, type GeminiCodecOptions } from './codec.js';
export { GEMINI_AUTH_HEADER, geminiAuthHeaders, type GeminiApiVersion } from './request.js';
export { isChatFailure, type ChatFailure } from '../chat-error.js';
