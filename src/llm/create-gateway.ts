import type { LlmCacheStore, LlmRequestSink } from '../core/index.js';
import { MemoryLlmCache } from './cache/memory-cache.js';
import { ReplyCache, type ReplyCacheConfig } from './cache/reply-cache.js';
import { normalize } from './cache/semantic-index.js';
import { embedText } from './embeddings.js';
import type { LlmGateway } from './gateway.js';
import type { Quota } from './quota/quota.js';
import { PRICE_TABLE, type ModelPrice } from './price-table.js';
import { SYSTEM_CLOCK, type RoutingClock } from './routing/clock.js';
import { RoutingTable, type RoutingConfig } from './routing/routing-table.js';
import { SeenTurns } from './seen-turns.js';
import type { ProcessEvent } from './tool-gate.js';
import { createUpstream, type UpstreamConfig, type UpstreamTarget } from './upstream.js';

/** The `llm` configuration section, as far as the gateway reads it. */
export interface LlmConfig extends RoutingConfig {
  readonly providers: Readonly<Record<string, UpstreamConfig>>;
  /** Prices over the built-in table (`lowest-cost`), USD per million tokens. */
  readonly prices?: Readonly<Record<string, ModelPrice>> | undefined;
  readonly maxBodyBytes: number;
  readonly maxResponseBytes: number;
  readonly cache?: ReplyCacheConfig | undefined;
}

/** Builds the gateway at startup: one pool per provider, the compiled routing table, the turn counter. */
export function createLlmGateway(
  c: LlmConfig,
  process: ProcessEvent,
  o: {
    readonly env?: NodeJS.ProcessEnv | undefined;
    readonly clock?: RoutingClock | undefined;
    readonly log?: LlmRequestSink | undefined;
    /** The durable store for `llm.cache.store: sqlite`; memory is used when absent. */
    readonly cacheStore?: LlmCacheStore | undefined;
    /** Budgets and rate limits per key, user, team and model. */
    readonly quota?: Quota | undefined;
  } = {},
): LlmGateway & { close(): Promise<void> } {
  const env = o.env ?? globalThis.process.env;
  const upstreams = new Map<string, UpstreamTarget>();
  for (const [id, p] of Object.entries(c.providers)) upstreams.set(id, createUpstream(id, p, env));
  const cc = c.cache;
  const cache =
    cc === undefined
      ? undefined
      : new ReplyCache({
          config: cc,
          store: (cc.store === 'sqlite' ? o.cacheStore : undefined) ?? new MemoryLlmCache({ maxBytes: cc.maxBytes }),
          embed: async (text, e) => {
            const v = cc.semantic === undefined ? undefined : await embedText(gw, { model: cc.semantic.embeddingModel, text, ...e });
            return v === undefined ? undefined : normalize(v);
          },
        });
  const gw: LlmGateway & { close(): Promise<void> } = {
    process,
    routing: new RoutingTable(c, upstreams),
    clock: o.clock ?? SYSTEM_CLOCK,
    prices: c.prices === undefined ? PRICE_TABLE : { ...PRICE_TABLE, ...c.prices },
    upstreams,
    seen: new SeenTurns(),
    maxResponseBytes: c.maxResponseBytes,
    log: o.log,
    quota: o.quota,
    cache,
    async close() {
      await Promise.all([...upstreams.values()].map((u) => u.pool.close()));
    },
  };
  return gw;
}
