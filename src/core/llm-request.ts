/**
 * One model request as the LLM gateway served it (issue 5 §6): who, which model on which provider, how long,
 * how many tokens and what they cost, and what the engine did. No prompts, no replies, no credentials.
 */
export interface LlmRequestRecord {
  readonly at: number;
  readonly sessionId: string | undefined;
  readonly user: string | undefined;
  /** The API key that authenticated the request, by its public prefix `rk_<id>` (never the secret), when one did. */
  readonly keyId?: string | undefined;
  /** The key's team, when it has one. */
  readonly team?: string | undefined;
  /** `chat` for chat, messages and completions requests; `embeddings` for `/v1/embeddings`. */
  readonly operation: 'chat' | 'embeddings' | 'count_tokens';
  /** The wire format the caller spoke. */
  readonly format: 'anthropic' | 'openai';
  /** The model the caller asked for, and the provider and model that answered (after aliases and routing). */
  readonly model: string;
  readonly provider: string | undefined;
  readonly upstreamModel: string | undefined;
  /** The HTTP status the caller got. */
  readonly status: number;
  readonly stream: boolean;
  /** How many targets were tried. */
  readonly attempts: number;
  readonly latencyMs: number;
  /** Time to the first byte sent to the caller. */
  readonly ttftMs: number | undefined;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly reasoningTokens: number;
  /** US dollars from the price table; undefined when the model has no price. */
  readonly costUsd: number | undefined;
  readonly priceVersion: string;
  /** Served from the response cache: nothing went upstream, so tokens and cost are 0. */
  readonly cacheHit: boolean;
  /** On a hit, what the reply cost when it was fetched (US dollars): the saving. */
  readonly savedUsd: number | undefined;
  /**
   * `stopped`: the engine refused the request; `gated`: a tool call in the reply was replaced; `limited`: a
   * budget, rate limit or model restriction refused it before it was sent.
   */
  readonly decision: 'allow' | 'stopped' | 'gated' | 'limited';
}

/** Where the LLM gateway sends its request records; must return quickly and never throw. */
export interface LlmRequestSink {
  recordLlm(rec: LlmRequestRecord): void;
}
