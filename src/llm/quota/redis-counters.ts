import { createHash } from 'node:crypto';
import { createClient } from '@redis/client';
import type { Charge, QuotaCounters, TryAddResult } from './counters.js';

/**
 * All-or-nothing `tryAdd` in one script, so no other replica's charge can land between the check and the add:
 * KEYS are the counters; ARGV holds, per key, amount, limit and window end (`inf` for none). Returns
 * `{1, value…}` or `{0, index, current}` (index from 0). Lua numbers are doubles: exact to 2^53 nano-dollars.
 * @see https://redis.io/docs/latest/develop/interact/programmability/eval-intro/
 */
const TRY_ADD = `
local n = #KEYS
for i = 1, n do
  local cur = tonumber(redis.call('GET', KEYS[i]) or '0')
  local limit = ARGV[(i - 1) * 3 + 2]
  if limit ~= 'inf' and cur + tonumber(ARGV[(i - 1) * 3 + 1]) > tonumber(limit) then
    return {0, i - 1, cur}
  end
end
local out = {1}
for i = 1, n do
  out[i + 1] = redis.call('INCRBY', KEYS[i], ARGV[(i - 1) * 3 + 1])
  local ends = ARGV[(i - 1) * 3 + 3]
  if ends ~= 'inf' then redis.call('PEXPIREAT', KEYS[i], ends) end
end
return out`;

/** Adjusts a counter only while it exists: settling never recreates an ended window. */
const ADD = `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end return 0`;

/** Options for `RedisCounters`. */
export interface RedisCountersOptions {
  /** `redis://host:port` (or `rediss://`), as node-redis takes it. */
  readonly url: string;
  /** Prefixes every key, so several gateways (or tests) can share one Redis. */
  readonly prefix?: string | undefined;
  /** Connection timeout; a command to a disconnected Redis fails at once rather than queueing. */
  readonly connectTimeoutMs?: number | undefined;
}

function open(o: RedisCountersOptions, connected: () => boolean) {
  return createClient({
    url: o.url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: o.connectTimeoutMs ?? 5_000,
      // The first connection fails fast (startup reports it); a lost one is retried with a capped backoff.
      reconnectStrategy: (retries: number, cause: Error) => (connected() ? Math.min(50 * 2 ** retries, 2_000) : cause),
    },
  });
}
type Client = ReturnType<typeof open>;

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');
const bound = (n: number): string => (Number.isFinite(n) ? String(Math.round(n)) : 'inf');

/**
 * `QuotaCounters` in Redis, for several replicas behind a load balancer (DESIGN.md §4): every charge of a
 * request in one Lua script (atomic on the server), run by its SHA so only the hash travels per request.
 * Answers are promises; the gateway awaits them only when these counters are configured.
 */
export class RedisCounters implements QuotaCounters {
  readonly #client: Client;
  readonly #prefix: string;

  private constructor(client: Client, prefix: string) {
    this.#client = client;
    this.#prefix = prefix;
  }

  /** Connects; rejects when Redis cannot be reached (the gateway then refuses to start). */
  static async connect(o: RedisCountersOptions): Promise<RedisCounters> {
    let up = false;
    const client = open(o, () => up);
    // Errors after connecting surface as failed commands (a refusal per request); node-redis reconnects.
    client.on('error', () => undefined);
    await client.connect();
    up = true;
    return new RedisCounters(client, o.prefix ?? 'rampart:quota:');
  }

  async tryAdd(charges: readonly Charge[]): Promise<TryAddResult> {
    const args: string[] = [];
    for (const c of charges) args.push(String(Math.round(c.amount)), bound(c.limit), bound(c.expiresAt));
    const r = (await this.#run(TRY_ADD, charges.map((c) => this.#prefix + c.key), args)) as number[];
    if (r[0] === 1) return { ok: true, values: r.slice(1).map(Number) };
    return { ok: false, index: Number(r[1]), current: Number(r[2]) };
  }

  async add(key: string, delta: number): Promise<void> {
    await this.#run(ADD, [this.#prefix + key], [String(Math.round(delta))]);
  }

  async seed(key: string, value: number, expiresAt: number): Promise<void> {
    if (expiresAt <= Date.now()) return;
    await this.#client.set(this.#prefix + key, String(Math.round(value)), Number.isFinite(expiresAt) ? { condition: 'NX', expiration: { type: 'PXAT', value: Math.round(expiresAt) } } : { condition: 'NX' });
  }

  async get(key: string): Promise<number> {
    return Number((await this.#client.get(this.#prefix + key)) ?? 0);
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    if (this.#client.isOpen) await this.#client.close();
  }

  /** Runs a script by its SHA, loading it on the first `NOSCRIPT` (a restarted or flushed Redis). */
  async #run(script: string, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.#client.evalSha(SHAS.get(script) as string, { keys, arguments: args });
    } catch (e) {
      if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e;
      return this.#client.eval(script, { keys, arguments: args });
    }
  }
}

const SHAS = new Map([TRY_ADD, ADD].map((s) => [s, sha1(s)]));
