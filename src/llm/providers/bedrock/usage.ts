import type { ChatUsage } from '../../canonical/chat.js';

interface TokenUsage {
  readonly inputTokens?: unknown;
  readonly outputTokens?: unknown;
  readonly cacheReadInputTokens?: unknown;
  readonly cacheWriteInputTokens?: unknown;
}

function n(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/**
 * Converse `usage` as OpenAI usage. Bedrock's `inputTokens` leaves out cache reads and writes, OpenAI's
 * `prompt_tokens` counts every input token, so the three are added; cache reads are the `cached_tokens`.
 * Cache writes have no OpenAI field: they are in `prompt_tokens` only. Undefined when there was no usage.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html
 */
export function bedrockUsage(usage: unknown): ChatUsage | undefined {
  if (typeof usage !== 'object' || usage === null) return undefined;
  const u = usage as TokenUsage;
  const cached = n(u.cacheReadInputTokens);
  const prompt = n(u.inputTokens) + cached + n(u.cacheWriteInputTokens);
  const completion = n(u.outputTokens);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, ...(cached > 0 ? { prompt_tokens_details: { cached_tokens: cached } } : {}) };
}
