import type { ChatUsage } from '../../canonical/chat.js';

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/** Anthropic's token counts, collected (a stream reports them in `message_start` and `message_delta`). */
export interface AnthropicTokens {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** Folds an Anthropic `usage` object in; counts are cumulative, so the larger value wins. */
export function foldTokens(t: AnthropicTokens, usage: unknown): void {
  if (usage === null || typeof usage !== 'object') return;
  const u = usage as Record<string, unknown>;
  t.input = Math.max(t.input, num(u['input_tokens']));
  t.output = Math.max(t.output, num(u['output_tokens']));
  t.cacheRead = Math.max(t.cacheRead, num(u['cache_read_input_tokens']));
  t.cacheWrite = Math.max(t.cacheWrite, num(u['cache_creation_input_tokens']));
}

/**
 * Anthropic counts as Chat Completions usage: OpenAI's `prompt_tokens` include cached input, so cache reads and
 * writes are added to it, and reads are named in `cached_tokens` (cache writes are priced as plain input).
 */
export function chatUsageOf(t: AnthropicTokens): ChatUsage {
  const prompt = t.input + t.cacheRead + t.cacheWrite;
  return { prompt_tokens: prompt, completion_tokens: t.output, total_tokens: prompt + t.output, prompt_tokens_details: { cached_tokens: t.cacheRead } };
}
