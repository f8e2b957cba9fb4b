/** A model's list price in US dollars per million tokens. */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  /** Reading cached input (prompt caching); undefined when the provider has no such price. */
  readonly cacheRead?: number | undefined;
  /** Writing the cache (Anthropic's 5-minute cache write). */
  readonly cacheWrite?: number | undefined;
}

/** Bumped whenever a price changes, so a stored cost can say which table it came from. */
export const PRICE_TABLE_VERSION = '2026-11-24.3';

/**
 * List prices of common models, from the providers' published pricing pages (USD per million tokens) as of
 * `PRICE_TABLE_VERSION`. Used to order targets for `lowest-cost`, and to price replies for costs and budgets;
 * `llm.prices` in the configuration adds or overrides entries (negotiated rates, self-hosted models at 0). A
 * model missing here and there has no price: a request under a USD budget that could reach it is refused.
 *
 * Where a provider prices by prompt length (Claude Haiku 5.5 above 100k tokens, GPT-6 above 272k input tokens,
 * Gemini 2.5 Pro above 200k) only the short-prompt band is listed; data-residency and fast-mode multipliers are
 * not applied.
 * @see https://platform.claude.com/docs/en/about-claude/pricing
 * @see https://developers.openai.com/api/docs/pricing
 * @see https://ai.google.dev/gemini-api/docs/pricing
 */
export const PRICE_TABLE: Readonly<Record<string, ModelPrice>> = {
  'claude-fable-5-1': { input: 10, output: 50, cacheRead: 0.25, cacheWrite: 12.5 },
  'claude-fable-5': { input: 10, output: 50, cacheRead: 1, cacheWrite: 12.5 },
  'claude-mythos-5-1': { input: 10, output: 50, cacheRead: 0.25, cacheWrite: 12.5 },
  'claude-mythos-5': { input: 10, output: 50, cacheRead: 1, cacheWrite: 12.5 },
  'claude-opus-5-5': { input: 4, output: 20, cacheRead: 0.2, cacheWrite: 5 },
  'claude-opus-5': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-8': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-7': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-6': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-5': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-1': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-opus-4': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  // Sonnet 5.5 cache hits went from 0.1x to 0.05x of input on 2026-10-07.
  'claude-sonnet-5-5': { input: 2, output: 10, cacheRead: 0.1, cacheWrite: 2.5 },
  'claude-sonnet-5': { input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5 },
  'claude-sonnet-4-6': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-sonnet-4': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-3-7-sonnet': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-haiku-5-5': { input: 0.1, output: 0.5, cacheRead: 0.01, cacheWrite: 0.125 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
  'gpt-6.1-sol': { input: 2, output: 10, cacheRead: 0.1, cacheWrite: 2.5 },
  'gpt-6-sol': { input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5 },
  'gpt-6-luna': { input: 0.1, output: 0.5, cacheRead: 0.01, cacheWrite: 0.125 },
  'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cacheRead: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cacheRead: 0.005 },
  'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cacheRead: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gpt-4o': { input: 2.5, output: 10, cacheRead: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cacheRead: 0.075 },
  o3: { input: 2, output: 8, cacheRead: 0.5 },
  'o4-mini': { input: 1.1, output: 4.4, cacheRead: 0.275 },
  // Embedding models bill input only.
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  'text-embedding-ada-002': { input: 0.1, output: 0 },
  // Gemini at the standard tier; thinking tokens are billed as output.
  'gemini-2.5-pro': { input: 1.25, output: 10 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4 },
};

/** A dated snapshot suffix: `-20250929` (Anthropic) or `-2024-08-06` (OpenAI). */
const SNAPSHOT = /-(?:\d{8}|\d{4}-\d{2}-\d{2})$/;

/**
 * A Bedrock model id around the provider's own name: an optional cross-region inference prefix (`us.`, `eu.`,
 * `apac.`, `global.`), the vendor (`anthropic.`), and a version suffix (`-v1:0`). Bedrock bills Anthropic's
 * models at Anthropic's list prices.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
 */
const BEDROCK_ID = /^(?:(?:us|eu|apac|global)\.)?(?:anthropic|amazon|meta|mistral|cohere|ai21)\.(.+?)(?:-v\d+(?::\d+)?)?$/;

function lookup(table: Readonly<Record<string, ModelPrice>>, name: string): ModelPrice | undefined {
  if (Object.hasOwn(table, name)) return table[name];
  const bare = name.replace(SNAPSHOT, '');
  return bare !== name && Object.hasOwn(table, bare) ? table[bare] : undefined;
}

/** Names whose price (or lack of one) is remembered per table; a table's memo starts over when full. */
const MEMO_MAX = 1024;
/** Per table (tables are built at startup and never changed), what `priceOf` found for each name. */
const memos = new WeakMap<Readonly<Record<string, ModelPrice>>, Map<string, ModelPrice | undefined>>();

/**
 * The price of a model from `table`: the name as given, then without its snapshot date, then as a Bedrock id's
 * model. Remembered per table and name: a model request looks its price up three times (reserve, cost, settle),
 * and for a name the table lacks each look-up ran both patterns: this module 0.59% → 0.25% of the gateway's busy
 * main-thread CPU samples at c64 (`--cpu-prof`, 20,000 requests of the LLM benchmark, whose model has no price).
 */
export function priceOf(table: Readonly<Record<string, ModelPrice>>, model: string): ModelPrice | undefined {
  let memo = memos.get(table);
  if (memo === undefined) memos.set(table, (memo = new Map()));
  else if (memo.has(model)) return memo.get(model);
  const price = findPrice(table, model);
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(model, price);
  return price;
}

function findPrice(table: Readonly<Record<string, ModelPrice>>, model: string): ModelPrice | undefined {
  const found = lookup(table, model);
  if (found !== undefined) return found;
  const inner = BEDROCK_ID.exec(model)?.[1];
  return inner === undefined ? undefined : lookup(table, inner);
}

/**
 * What a route target charges: its own configured `price`, else the table's price of the model it sends
 * (`resolved`, the alias-resolved name asked for, when it names none). One answer for ordering targets,
 * reserving a request's estimate and settling what it cost.
 */
export function targetPrice(
  table: Readonly<Record<string, ModelPrice>>,
  target: { readonly model: string | undefined; readonly price: ModelPrice | undefined },
  resolved: string,
): ModelPrice | undefined {
  return target.price ?? priceOf(table, target.model ?? resolved);
}
