/** The Bedrock codec's public surface: what wiring a Bedrock target needs. */
export { bedrockCodec, createBedrockCodec, type BedrockCodecOptions } from './codec.js';
export { bedrockRuntimeHost, signBedrock, sigV4Headers, type AwsCredentials, type BedrockSigning } from './sign.js';
export { isChatFailure, type ChatFailure } from '../chat-error.js';
