import type { ChatUsage } from '../../canonical/chat.js';

interface UsageMetadata {
  readonly promptTokenCount?: unknown;
  readonly candidatesTokenCount?: unknown;
  readonly cachedContentTokenCount?: unknown;
  readonly thoughtsTokenCount?: unknown;
  readonly toolUsePromptTokenCount?: unknown;
  readonly totalTokenCount?: unknown;
}

function n(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/**
 * Gemini `usageMetadata` as OpenAI usage. Gemini counts thinking apart from the answer
 * (`thoughtsTokenCount` is not in `candidatesTokenCount`) where OpenAI's `completion_tokens` includes
 * reasoning, so both are added; cached tokens are part of `promptTokenCount`, as OpenAI counts them.
 * Undefined when the reply had no usage.
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function geminiUsage(meta: unknown): ChatUsage | undefined {
  if (typeof meta !== 'object' || meta === null) return undefined;
  const u = meta as UsageMetadata;
  const prompt = n(u.promptTokenCount) + n(u.toolUsePromptTokenCount);
  const thoughts = n(u.thoughtsTokenCount);
  const completion = n(u.candidatesTokenCount) + thoughts;
  const cached = n(u.cachedContentTokenCount);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: Math.max(n(u.totalTokenCount), prompt + completion),
    ...(cached > 0 ? { prompt_tokens_details: { cached_tokens: cached } } : {}),
    ...(thoughts > 0 ? { completion_tokens_details: { reasoning_tokens: thoughts } } : {}),
  };
}
