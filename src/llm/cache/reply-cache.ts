import type { IncomingHttpHeaders } from 'node:http';
import type { CachedReply, CallAbort, LlmCacheStore } from '../../core/index.js';
import type { Route, RouteTarget } from '../routing/route.js';
import type { Routed } from '../routing/send-routed.js';
import type { WireFormat } from '../wire-format.js';
import { cacheKey, cacheScope, canonicalJson, semanticParts, type KeyContext } from './cache-key.js';
import { recordResponse, replayResponse, type Recording } from './replay.js';
import { SemanticIndex } from './semantic-index.js';

/** The `llm.cache` section, as the gateway reads it. */
export interface ReplyCacheConfig {
  readonly mode: 'exact' | 'semantic';
  readonly store: 'memory' | 'sqlite';
  readonly ttlSeconds: number;
  readonly maxBytes: number;
  readonly maxEntryBytes: number;
  readonly maxTemperature?: number | undefined;
  readonly models?: readonly string[] | undefined;
  readonly semantic?: { readonly embeddingModel: string; readonly threshold: number; readonly maxEntries: number; readonly maxTextChars: number } | undefined;
}

/** Embeds one text for the semantic cache (through `/embeddings` on the configured model); undefined on failure. */
export type EmbedText = (text: string, o: { readonly headers: IncomingHttpHeaders; readonly user: string | undefined; readonly signal: CallAbort }) => Promise<Float32Array | undefined>;

/** What the cache did for a request, sent back as `x-rampart-cache`. */
export type CacheOutcome = 'hit' | 'miss' | 'bypass';

/** The request as the cache sees it. */
export interface CacheRequest {
  readonly format: WireFormat;
  readonly path: string;
  readonly route: Route;
  /** The model the caller named (for `llm.cache.models`). */
  readonly model: string;
  readonly headers: IncomingHttpHeaders;
  readonly user: string | undefined;
  readonly body: Readonly<Record<string, unknown>>;
}

/** How the request ended, for deciding whether its reply may be kept. */
export interface CacheSettle {
  /** The engine replaced or refused a tool call in the reply: that reply is not the provider's, never cached. */
  readonly gated: boolean;
  /** The status the caller got. */
  readonly status: number;
  readonly aborted: boolean;
  /** The engine redacted the request before it went upstream. */
  readonly redacted: boolean;
  readonly costUsd: number | undefined;
}

function matches(rule: string, model: string): boolean {
  return rule.endsWith('*') ? model.startsWith(rule.slice(0, -1)) : model === rule;
}

function headerText(h: IncomingHttpHeaders, name: string): string {
  const v = h[name];
  return (Array.isArray(v) ? v.join(',') : (v ?? '')).toLowerCase();
}

/** `read`: may be answered from the cache; `write`: its reply may be kept. */
function permissions(headers: IncomingHttpHeaders): { read: boolean; write: boolean } {
  const ours = headerText(headers, 'x-rampart-cache');
  if (ours === 'no' || ours === 'off' || ours === 'bypass') return { read: false, write: false };
  const cc = headerText(headers, 'cache-control');
  // RFC 9111 §5.2.1: no-store: neither serve from nor store; no-cache: do not serve a stored answer unchecked.
  if (cc.includes('no-store')) return { read: false, write: false };
  if (cc.includes('no-cache') || ours === 'refresh') return { read: false, write: true };
  return { read: true, write: true };
}

/** A stream whose bytes carry an error event: a 200 that is not a success. */
function carriesStreamError(contentType: string, body: Buffer): boolean {
  return contentType.startsWith('text/event-stream') && (body.includes('event: error') || body.includes('data: {"error"'));
}

/** What every ticket of one cache shares. */
interface CacheParts {
  readonly config: ReplyCacheConfig;
  readonly store: LlmCacheStore;
  readonly now: () => number;
  readonly embed: EmbedText | undefined;
  readonly index: SemanticIndex | undefined;
}

/**
 * The response cache (issue 5 §4): exact, and optionally semantic. One `ticket` per request: it looks the request
 * up, and on a miss records the upstream reply as it flows so `settle` can keep it. A hit is the cached upstream
 * bytes replayed through the same reply path (the engine still gates its tool calls); the request's own prompts
 * were already judged by the engine before the cache is asked, so a policy deny still denies.
 */
export class ReplyCache {
  readonly #parts: CacheParts;

  constructor(o: { readonly config: ReplyCacheConfig; readonly store: LlmCacheStore; readonly now?: (() => number) | undefined; readonly embed?: EmbedText | undefined }) {
    const sem = o.config.mode === 'semantic' ? o.config.semantic : undefined;
    this.#parts = {
      config: o.config,
      store: o.store,
      now: o.now ?? Date.now,
      embed: sem === undefined ? undefined : o.embed,
      index: sem === undefined ? undefined : new SemanticIndex({ maxEntries: sem.maxEntries }),
    };
  }

  /** A ticket for one request, or undefined when the cache does not cover its model. */
  ticket(req: CacheRequest): CacheTicket | undefined {
    const c = this.#parts.config;
    if (c.models !== undefined && !c.models.some((m) => matches(m, req.model))) return undefined;
    let perm = permissions(req.headers);
    const t = req.body['temperature'];
    if (c.maxTemperature !== undefined && typeof t === 'number' && t > c.maxTemperature) perm = { read: false, write: false };
    return new CacheTicket(this.#parts, req, perm);
  }
}

/** One request's passage through the cache. */
export class CacheTicket {
  readonly #cache: CacheParts;
  readonly #req: CacheRequest;
  readonly #perm: { read: boolean; write: boolean };
  #key: string | undefined;
  #semantic: { readonly context: string; readonly vector: Float32Array } | undefined;
  #rec: Recording | undefined;
  #upStatus = 0;
  #contentType = '';
  #target: RouteTarget | undefined;
  /** What happened, once `send` returned. */
  outcome: CacheOutcome = 'bypass';
  /** On a hit: what the reply cost when it was fetched. */
  savedUsd: number | undefined;

  constructor(cache: CacheParts, req: CacheRequest, perm: { read: boolean; write: boolean }) {
    this.#cache = cache;
    this.#req = req;
    this.#perm = perm;
  }

  get hit(): boolean {
    return this.outcome === 'hit';
  }

  /**
   * Answers from the cache when it can; otherwise calls `fetch` (routing upstream) and records a successful
   * reply's bytes on their way to the caller.
   */
  async send(fetch: () => Promise<Routed>, signal: CallAbort): Promise<Routed> {
    const { read, write } = this.#perm;
    if (!read && !write) return this.#mark(await fetch(), 'bypass');
    const req = this.#req;
    const k: KeyContext = { scope: cacheScope(req.user, req.headers), format: req.format, path: req.path, routeId: req.route.id, headers: req.headers };
    const key = cacheKey(k, canonicalJson(req.body));
    this.#key = key;
    const now = this.#cache.now();
    if (read) {
      const found = this.#cache.store.get(key, now);
      if (found !== undefined) return this.#replay(found, {});
    }
    const sem = await this.#semanticLookup(k, signal);
    if (sem !== undefined) return sem;
    const routed = await fetch();
    if (routed.kind !== 'response' || !write) return this.#mark(routed, write ? 'miss' : 'bypass');
    this.#upStatus = routed.up.statusCode;
    const ct = routed.up.headers['content-type'];
    this.#contentType = typeof ct === 'string' ? ct : 'application/json';
    this.#target = routed.target;
    if (this.#upStatus < 200 || this.#upStatus >= 300) return this.#mark(routed, 'miss');
    const { up, rec } = recordResponse(routed.up, this.#cache.config.maxEntryBytes);
    this.#rec = rec;
    return this.#mark({ ...routed, up }, 'miss');
  }

  /** Keeps the reply when the request ended cleanly with an unchanged 2xx answer. */
  settle(s: CacheSettle): void {
    const rec = this.#rec;
    const key = this.#key;
    if (rec === undefined || key === undefined || this.#target === undefined) return;
    this.#rec = undefined;
    if (!rec.complete || rec.over || s.gated || s.aborted || s.redacted || s.status < 200 || s.status >= 300) return;
    // Its own memory: a chunk may be a view into a larger socket buffer (or Node's shared pool) that an entry
    // would otherwise keep alive, off the byte count.
    const body = Buffer.allocUnsafeSlow(rec.size);
    let at = 0;
    for (const p of rec.parts) at += p.copy(body, at);
    if (carriesStreamError(this.#contentType, body)) return;
    const now = this.#cache.now();
    const expiresAt = now + this.#cache.config.ttlSeconds * 1000;
    const reply: CachedReply = { status: this.#upStatus, contentType: this.#contentType, body, target: this.#target.key, costUsd: s.costUsd };
    this.#cache.store.put(key, reply, expiresAt, now);
    if (this.#semantic !== undefined) this.#cache.index?.add(this.#semantic.context, this.#semantic.vector, key, expiresAt, now);
  }

  /** Embeds the last user message and looks for a close one in the same context; remembers the vector for `settle`. */
  async #semanticLookup(k: KeyContext, signal: CallAbort): Promise<Routed | undefined> {
    const c = this.#cache.config.semantic;
    const embed = this.#cache.embed;
    const index = this.#cache.index;
    if (c === undefined || embed === undefined || index === undefined) return undefined;
    const parts = semanticParts(this.#req.body);
    if (parts === undefined || parts.text.length > c.maxTextChars) return undefined;
    // A failed embedding is a miss, never a failed request.
    const vector = await embed(parts.text, { headers: this.#req.headers, user: this.#req.user, signal }).catch(() => undefined);
    if (vector === undefined) return undefined;
    const context = cacheKey(k, parts.rest);
    this.#semantic = { context, vector };
    if (!this.#perm.read) return undefined;
    const now = this.#cache.now();
    const near = index.nearest(context, vector, c.threshold, now);
    if (near === undefined) return undefined;
    const found = this.#cache.store.get(near.key, now);
    return found === undefined ? undefined : this.#replay(found, { 'x-rampart-cache-similarity': near.similarity.toFixed(4) });
  }

  #replay(found: CachedReply, headers: Record<string, string>): Routed {
    const route = this.#req.route;
    const target = route.targets.find((t) => t.key === found.target) ?? (route.targets[0] as RouteTarget);
    this.outcome = 'hit';
    this.savedUsd = found.costUsd;
    return { kind: 'response', up: replayResponse(found, { ...headers, 'x-rampart-cache': 'hit' }), target, attempts: [] };
  }

  #mark(routed: Routed, outcome: CacheOutcome): Routed {
    this.outcome = outcome;
    if (routed.kind === 'response') routed.up.headers['x-rampart-cache'] = outcome;
    return routed;
  }
}
