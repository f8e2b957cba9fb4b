import type { Config } from '../config/schema.js';
import { MemoryCounters } from '../llm/quota/memory-counters.js';
import { Quota } from '../llm/quota/quota.js';
import { SpendWriter } from '../store/spend-writer.js';
import type { Store } from '../store/store.js';

/**
 * The quota ledger: counters in memory (one replica), seeded with the spend of every budget window still open,
 * so budgets survive a restart with no store read on the request path.
 */
export async function createQuota(config: Config, store: Store, now: () => number = Date.now): Promise<{ quota: Quota; spend: SpendWriter }> {
  const spend = new SpendWriter({
    store,
    onError: (e) => process.emitWarning(`rampart: spend write failed: ${e instanceof Error ? e.message : String(e)}`),
  });
  const quota = new Quota({ config: config.quotas, counters: new MemoryCounters({ now }), sink: spend, now });
  await quota.seed(await store.activeSpend(now()));
  return { quota, spend };
}
