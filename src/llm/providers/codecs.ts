import type { ProviderCodec } from '../canonical/chat.js';
import type { ProviderFormat } from '../provider-format.js';
import { ANTHROPIC_CODEC } from './anthropic/codec.js';
import { azurePath, type AzureDeployment } from './openai/azure-path.js';
import { openAiCodec } from './openai/codec.js';

const OPENAI_CODEC = openAiCodec('openai', () => '/chat/completions');

/**
 * The codec a provider is reached through when the caller speaks another format: one line per provider
 * format (a new family adds its case here and its name to `PROVIDER_FORMATS`). Azure's depends on its
 * configuration (deployment paths), so it is built per provider.
 */
export function codecFor(format: ProviderFormat, azure?: AzureDeployment): ProviderCodec {
  switch (format) {
    case 'anthropic':
      return ANTHROPIC_CODEC;
    case 'openai':
      return OPENAI_CODEC;
    case 'azure': {
      const a = azure ?? { apiVersion: '', deployment: undefined };
      return openAiCodec('azure', (model) => azurePath(a, '/chat/completions', model));
    }
  }
}
