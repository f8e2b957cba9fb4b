import type { WireFormat } from './wire-format.js';

/**
 * What a configured provider speaks upstream. `anthropic` and `openai` are also inbound wire formats (a caller
 * in the same format is passed through byte-exact); `azure` is OpenAI Chat Completions on Azure's deployment
 * paths with an `api-key` header. `gemini` (Generative Language API) and `bedrock` (Bedrock Runtime Converse,
 * SigV4-signed) are provider-only: no inbound endpoint speaks them, so every request to them goes through
 * their `ProviderCodec`.
 */
export const PROVIDER_FORMATS = ['anthropic', 'openai', 'azure', 'gemini', 'bedrock'] as const;
export type ProviderFormat = (typeof PROVIDER_FORMATS)[number];

/** The inbound wire format a provider speaks natively, if any: a caller in it is forwarded untranslated. */
export function nativeWire(f: ProviderFormat): WireFormat | undefined {
  switch (f) {
    case 'anthropic':
      return 'anthropic';
    case 'openai':
    case 'azure':
      return 'openai';
    case 'gemini':
    case 'bedrock':
      return undefined;
  }
}
