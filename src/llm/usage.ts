import type { ModelPrice } from './price-table.js';
import type { WireFormat } from './wire-format.js';

/** Token counts of one reply, as the provider reported them. */
export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
}

export function emptyUsage(): Usage {
  return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
const obj = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/**
 * Folds a provider `usage` object into `u`. Anthropic reports input, cache reads and cache writes apart, and a
 * stream repeats counts cumulatively (`message_start`, then `message_delta`), so the larger value wins; OpenAI's
 * `prompt_tokens` include cached ones, which are split out so cost counts them once.
 * @see https://docs.anthropic.com/en/api/messages-streaming
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
export function addUsage(u: Usage, format: WireFormat, usage: unknown): void {
  const o = obj(usage);
  if (o === undefined) return;
  if (format === 'anthropic') {
    u.input = Math.max(u.input, num(o['input_tokens']));
    u.output = Math.max(u.output, num(o['output_tokens']));
    u.cacheRead = Math.max(u.cacheRead, num(o['cache_read_input_tokens']));
    u.cacheWrite = Math.max(u.cacheWrite, num(o['cache_creation_input_tokens']));
    return;
  }
  const cached = num(obj(o['prompt_tokens_details'])?.['cached_tokens']);
  u.cacheRead = Math.max(u.cacheRead, cached);
  u.input = Math.max(u.input, num(o['prompt_tokens']) - cached);
  u.output = Math.max(u.output, num(o['completion_tokens']));
  u.reasoning = Math.max(u.reasoning, num(obj(o['completion_tokens_details'])?.['reasoning_tokens']));
}

/**
 * The usage a streamed event carries, if any: Anthropic's `message_start` (under `message`) and
 * `message_delta`; OpenAI's final chunk (with `stream_options.include_usage`). Only events that can carry usage
 * are parsed.
 */
export function usageOfEvent(format: WireFormat, event: string | undefined, data: string): unknown {
  if (format === 'anthropic') {
    if (event !== 'message_start' && event !== 'message_delta') return undefined;
  } else if (!data.includes('"usage"')) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return undefined;
  }
  const o = obj(v);
  if (o === undefined) return undefined;
  return format === 'anthropic' && event === 'message_start' ? obj(o['message'])?.['usage'] : o['usage'];
}

/** US dollars for `u` at `price` (per million tokens); reasoning tokens are billed as output, already in it. */
export function costOf(u: Usage, price: ModelPrice | undefined): number | undefined {
  if (price === undefined) return undefined;
  const m = 1_000_000;
  return (u.input * price.input + u.output * price.output + u.cacheRead * (price.cacheRead ?? price.input) + u.cacheWrite * (price.cacheWrite ?? price.input)) / m;
}
