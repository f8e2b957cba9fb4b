import type { ProviderCodec } from '../canonical/chat.js';
import type { ProviderFormat } from '../provider-format.js';
import { ANTHROPIC_CODEC } from './anthropic/codec.js';
import { bedrockCodec } from './bedrock/index.js';
import { createGeminiCodec, type GeminiApiVersion } from './gemini/index.js';
import { azurePath } from './openai/azure-path.js';
import { openAiCodec } from './openai/codec.js';

const OPENAI_CODEC = openAiCodec('openai', () => '/chat/completions');
const GEMINI_VERSIONS: readonly string[] = ['v1beta', 'v1', 'v1alpha'] satisfies readonly GeminiApiVersion[];

function isGeminiVersion(v: string): v is GeminiApiVersion {
  return GEMINI_VERSIONS.includes(v);
}

/** What of a provider's configuration shapes its codec: Azure's deployment paths, Gemini's API version. */
export interface CodecOptions {
  /** Azure: the `api-version` query parameter; Gemini: the version in the path (`v1beta` when absent). */
  readonly apiVersion?: string | undefined;
  /** Azure: the deployment (else the model name). */
  readonly deployment?: string | undefined;
}

/**
 * The codec a provider is reached through when the caller speaks another format (for `gemini` and `bedrock`,
 * always): one line per provider format (a new family adds its case here and its name to `PROVIDER_FORMATS`).
 * Azure's and Gemini's depend on their configuration, so they are built per provider.
 */
export function codecFor(format: ProviderFormat, o: CodecOptions = {}): ProviderCodec {
  switch (format) {
    case 'anthropic':
      return ANTHROPIC_CODEC;
    case 'openai':
      return OPENAI_CODEC;
    case 'azure': {
      const a = { apiVersion: o.apiVersion ?? '', deployment: o.deployment };
      return openAiCodec('azure', (model) => azurePath(a, '/chat/completions', model));
    }
    case 'gemini':
      // The configuration is validated; an unknown version falls back to the default rather than a bad path.
      return createGeminiCodec(o.apiVersion !== undefined && isGeminiVersion(o.apiVersion) ? { apiVersion: o.apiVersion } : {});
    case 'bedrock':
      return bedrockCodec;
  }
}
