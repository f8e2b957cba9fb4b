import { err, ok, type Result } from '../core/index.js';
import type { Config } from '../config/schema.js';
import type { QuotaCounters } from '../llm/quota/counters.js';
import { MemoryCounters } from '../llm/quota/memory-counters.js';
import { Quota } from '../llm/quota/quota.js';
import { RedisCounters } from '../llm/quota/redis-counters.js';
import { SpendWriter } from '../store/spend-writer.js';
import type { Store } from '../store/store.js';

const warn = (what: string) => (e: unknown) => process.emitWarning(`rampart: ${what}: ${e instanceof Error ? e.message : String(e)}`);

/**
 * The quota ledger: counters in memory (one replica) or in Redis (`quotas.redis`, several), seeded with the
 * spend of every budget window still open, so budgets survive a restart with no store read on the request path.
 */
export async function createQuota(config: Config, store: Store, now: () => number = Date.now): Promise<Result<{ quota: Quota; spend: SpendWriter; close(): Promise<void> }, string>> {
  const redis = config.quotas.redis;
  let counters: QuotaCounters;
  let close = async (): Promise<void> => undefined;
  if (redis === undefined) counters = new MemoryCounters({ now });
  else {
    try {
      const r = await RedisCounters.connect({ url: redis.url, prefix: redis.prefix });
      counters = r;
      close = () => r.close();
    } catch (e) {
      // The URL may carry a password: name the host only.
      return err(`quotas.redis: cannot connect to ${new URL(redis.url).host}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const spend = new SpendWriter({ store, onError: warn('spend write failed') });
  const quota = new Quota({ config: config.quotas, counters, sink: spend, now, onError: warn('quota counters') });
  await quota.seed(await store.activeSpend(now()));
  return ok({ quota, spend, close });
}
