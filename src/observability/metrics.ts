import { collectDefaultMetrics, Counter, Gauge, Registry, type CounterConfiguration, type LabelValues } from 'prom-client';
import type { EngineRecord, ForwardOutcome, LlmRequestRecord, LlmRequestSink, RecordSink, ToolCallAudit, ToolCallSink } from '../core/index.js';
import type { EngineStats } from '../engine/engine.js';
import { ScrapedHistogram } from './scraped-histogram.js';
import type { Tracing } from './tracing.js';

/** Seconds buckets for request latencies: sub-millisecond gateway work up to slow upstreams. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** The bound metric children of one provider and model. */
interface LlmChildren {
  /** input, output, cache_read, cache_write, reasoning */
  readonly tokens: readonly { inc(n?: number): void }[];
  readonly cost: { inc(n?: number): void };
  readonly latency: { observe(v: number): void };
  readonly ttft: { observe(v: number): void };
  readonly cacheHits: { inc(n?: number): void };
  readonly saved: { inc(n?: number): void };
}

/** Most distinct model label values; later ones are counted as `other` (callers choose model names). */
const MAX_MODELS = 100;

/**
 * A counter whose increments are kept in plain numbers per label set and handed to prom-client when it is
 * scraped: prom-client's `inc` validates and hashes the labels on every call, a few µs that the hot path
 * (two engine events and an audited tool call per MCP call) need not pay. What a scrape shows is the same.
 */
class ScrapedCounter<L extends string> {
  readonly #pending = new Map<string, { readonly labels: LabelValues<L>; n: number }>();

  constructor(config: CounterConfiguration<L>) {
    const pending = this.#pending;
    new Counter<L>({
      ...config,
      collect() {
        for (const p of pending.values()) {
          if (p.n === 0) continue;
          this.inc(p.labels, p.n);
          p.n = 0;
        }
      },
    });
  }

  /** Counts one for the label set named `key`; `labels` makes its values the first time. */
  inc(key: string, labels: () => LabelValues<L>): void {
    const p = this.#pending.get(key);
    if (p === undefined) this.#pending.set(key, { labels: labels(), n: 1 });
    else p.n++;
  }

  /**
   * The count of one label set, for a caller that keeps it: `inc(n)` adds `n` (a model request's tokens, its
   * cost). A negative or non-finite amount is ignored, so a scrape never fails on it.
   */
  child(key: string, labels: () => LabelValues<L>): { inc(n?: number): void } {
    let p = this.#pending.get(key);
    if (p === undefined) this.#pending.set(key, (p = { labels: labels(), n: 0 }));
    const entry = p;
    return {
      inc(n = 1) {
        if (n > 0 && Number.isFinite(n)) entry.n += n;
      },
    };
  }
}

/** What the metrics read when scraped, rather than count on the hot path. */
export interface MetricSources {
  readonly engine: () => EngineStats;
  /** Each upstream MCP server's connection state. */
  readonly upstreams: () => Iterable<readonly [string, string]>;
  readonly mcpSessions: () => number;
  /** The batched audit writer: records waiting, written, and dropped because the queue was full. */
  readonly store: () => { readonly queued: number; readonly written: number; readonly dropped: number };
}

/**
 * Prometheus metrics for the whole gateway (one registry per runtime, so tests can run several). Counters on
 * the hot path are bound to their label values once and cached, so counting an event is a map lookup and an
 * add; gauges are read from their sources at scrape time. Labels never carry user names or content: only
 * bounded sets (event kinds, actions, route templates, server names, status classes).
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #events: ScrapedCounter<'kind' | 'action'>;
  readonly #http: ScrapedHistogram<'route' | 'method' | 'status'>;
  readonly #mcpCalls: ScrapedCounter<'server' | 'outcome'>;
  readonly #mcpLatency: ScrapedHistogram<'server'>;
  readonly #mcpLatencyChildren = new Map<string, { observe(v: number): void }>();
  readonly #llmRequests: ScrapedCounter<'provider' | 'model' | 'status' | 'decision'>;
  readonly #llmTokens: ScrapedCounter<'provider' | 'model' | 'type'>;
  readonly #llmCost: ScrapedCounter<'provider' | 'model'>;
  readonly #llmLatency: ScrapedHistogram<'provider' | 'model'>;
  readonly #llmTtft: ScrapedHistogram<'provider' | 'model'>;
  readonly #llmCacheHits: ScrapedCounter<'provider' | 'model'>;
  readonly #llmSaved: ScrapedCounter<'provider' | 'model'>;
  readonly #models = new Set<string>();
  // Bound children by label values: prom-client's `labels()` hashes the values on every call.
  readonly #httpChildren = new Map<string, { observe(v: number): void }>();
  readonly #llmChildren = new Map<string, LlmChildren>();
  readonly #mcpForwarded: Counter<'server' | 'method' | 'outcome'>;

  constructor(sources: MetricSources, opts: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'rampart_' });
    this.#events = new ScrapedCounter({ name: 'rampart_engine_events_total', help: 'Events decided by the session engine, by kind and action.', labelNames: ['kind', 'action'], registers });
    this.#http = new ScrapedHistogram({ name: 'rampart_http_request_duration_seconds', help: 'HTTP requests served, by route template, method and status class.', labelNames: ['route', 'method', 'status'], buckets: LATENCY_BUCKETS, registers });
    this.#mcpCalls = new ScrapedCounter({ name: 'rampart_mcp_tool_calls_total', help: 'MCP tool calls, resource reads and prompt gets through the gateway, by upstream server and outcome.', labelNames: ['server', 'outcome'], registers });
    this.#mcpLatency = new ScrapedHistogram({ name: 'rampart_mcp_tool_call_duration_seconds', help: 'MCP tool call latency through the gateway, upstream included.', labelNames: ['server'], buckets: LATENCY_BUCKETS, registers });

    this.#mcpForwarded = new Counter({ name: 'rampart_mcp_forwarded_requests_total', help: 'MCP metadata requests forwarded on /mcp/<server> (lists, templates, completion, subscriptions), by server, method and outcome.', labelNames: ['server', 'method', 'outcome'], registers });

    this.#llmRequests = new ScrapedCounter({ name: 'rampart_llm_requests_total', help: 'Model requests served, by provider, model, status class and engine decision.', labelNames: ['provider', 'model', 'status', 'decision'], registers });
    this.#llmTokens = new ScrapedCounter({ name: 'rampart_llm_tokens_total', help: 'Tokens reported by providers, by type (input, output, cache_read, cache_write, reasoning).', labelNames: ['provider', 'model', 'type'], registers });
    this.#llmCost = new ScrapedCounter({ name: 'rampart_llm_cost_usd_total', help: 'Cost of model requests in US dollars, from the price table.', labelNames: ['provider', 'model'], registers });
    this.#llmLatency = new ScrapedHistogram({ name: 'rampart_llm_request_duration_seconds', help: 'Model request latency through the gateway, to the last byte.', labelNames: ['provider', 'model'], buckets: LATENCY_BUCKETS, registers });
    this.#llmTtft = new ScrapedHistogram({ name: 'rampart_llm_time_to_first_byte_seconds', help: 'Time to the first byte sent to the caller.', labelNames: ['provider', 'model'], buckets: LATENCY_BUCKETS, registers });
    this.#llmCacheHits = new ScrapedCounter({ name: 'rampart_llm_cache_hits_total', help: 'Model requests answered from the response cache (nothing sent upstream).', labelNames: ['provider', 'model'], registers });
    this.#llmSaved = new ScrapedCounter({ name: 'rampart_llm_cache_saved_usd_total', help: 'What cache hits would have cost upstream, in US dollars, from the price table.', labelNames: ['provider', 'model'], registers });
    const stat = (name: string, help: string, read: (s: EngineStats) => number, type: 'gauge' | 'counter'): void => {
      // Monotonic engine counters are exposed as gauges set at scrape: prom-client counters cannot be set.
      new Gauge({ name: `rampart_engine_${name}`, help: `${help}${type === 'counter' ? ' (monotonic)' : ''}`, registers, collect() { this.set(read(sources.engine())); } });
    };
    stat('sessions', 'Live sessions held by the engine.', (s) => s.sessions, 'gauge');
    stat('sessions_evicted_lru_total', 'Sessions evicted because the table was full.', (s) => s.evictedLru, 'counter');
    stat('sessions_evicted_idle_total', 'Sessions evicted after their idle timeout.', (s) => s.evictedIdle, 'counter');
    stat('detector_crashes_total', 'Detector exceptions (each became a finding).', (s) => s.detectorCrashes, 'counter');
    stat('policy_crashes_total', 'Policy exceptions (each became a deny).', (s) => s.policyCrashes, 'counter');
    stat('sink_errors_total', 'Records the store sink refused.', (s) => s.sinkErrors, 'counter');
    new Gauge({
      name: 'rampart_mcp_upstreams',
      help: 'Upstream MCP servers by connection state.',
      labelNames: ['state'],
      registers,
      collect() {
        this.reset();
        const counts = new Map<string, number>();
        for (const [, state] of sources.upstreams()) counts.set(state, (counts.get(state) ?? 0) + 1);
        for (const [state, n] of counts) this.set({ state }, n);
      },
    });
    new Gauge({ name: 'rampart_store_queued_records', help: 'Records waiting for the batched store writer.', registers, collect() { this.set(sources.store().queued); } });
    new Gauge({ name: 'rampart_store_written_records_total', help: 'Records written to the store (monotonic).', registers, collect() { this.set(sources.store().written); } });
    new Gauge({ name: 'rampart_store_dropped_records_total', help: 'Records dropped because the writer queue was full (monotonic).', registers, collect() { this.set(sources.store().dropped); } });
    new Gauge({ name: 'rampart_mcp_sessions', help: 'Open downstream MCP sessions.', registers, collect() { this.set(sources.mcpSessions()); } });
  }

  /** Counts one engine decision. */
  event(rec: EngineRecord): void {
    const kind = rec.event.kind;
    const action = rec.decision.action;
    this.#events.inc(`${kind} ${action}`, () => ({ kind, action }));
  }

  /** Observes one HTTP request; `route` is the matched template (bounded), never the raw URL. */
  http(route: string, method: string, status: number, seconds: number): void {
    const cls = `${Math.floor(status / 100)}xx`;
    const key = `${route} ${method} ${cls}`;
    let child = this.#httpChildren.get(key);
    if (child === undefined) this.#httpChildren.set(key, (child = this.#http.child(key, () => ({ route, method, status: cls }))));
    child.observe(seconds);
  }

  /** Counts one audited MCP tool call. */
  mcpCall(row: ToolCallAudit): void {
    const server = row.server ?? 'unknown';
    const outcome = row.outcome;
    this.#mcpCalls.inc(`${server} ${outcome}`, () => ({ server, outcome }));
    let latency = this.#mcpLatencyChildren.get(server);
    if (latency === undefined) this.#mcpLatencyChildren.set(server, (latency = this.#mcpLatency.child(server, () => ({ server }))));
    latency.observe(row.latencyMs / 1000);
  }

  /** Counts one served model request: status, tokens by type, cost, latency, time to first byte, cache hits. */
  llm(rec: LlmRequestRecord): void {
    const provider = rec.provider ?? 'none';
    const model = this.#model(rec.upstreamModel ?? rec.model);
    const key = `${provider} ${model}`;
    let c = this.#llmChildren.get(key);
    if (c === undefined) {
      const t = (type: string) => this.#llmTokens.child(`${key} ${type}`, () => ({ provider, model, type }));
      const pm = () => ({ provider, model });
      c = { tokens: [t('input'), t('output'), t('cache_read'), t('cache_write'), t('reasoning')], cost: this.#llmCost.child(key, pm), latency: this.#llmLatency.child(key, pm), ttft: this.#llmTtft.child(key, pm), cacheHits: this.#llmCacheHits.child(key, pm), saved: this.#llmSaved.child(key, pm) };
      this.#llmChildren.set(key, c);
    }
    const status = `${Math.floor(rec.status / 100)}xx`;
    const decision = rec.decision;
    this.#llmRequests.inc(`${key} ${status} ${decision}`, () => ({ provider, model, status, decision }));
    const counts = [rec.inputTokens, rec.outputTokens, rec.cacheReadTokens, rec.cacheWriteTokens, rec.reasoningTokens];
    for (let i = 0; i < counts.length; i++) if ((counts[i] as number) > 0) c.tokens[i]?.inc(counts[i]);
    if (rec.costUsd !== undefined && rec.costUsd > 0) c.cost.inc(rec.costUsd);
    c.latency.observe(rec.latencyMs / 1000);
    if (rec.ttftMs !== undefined) c.ttft.observe(rec.ttftMs / 1000);
    if (rec.cacheHit) {
      c.cacheHits.inc();
      if (rec.savedUsd !== undefined && rec.savedUsd > 0) c.saved.inc(rec.savedUsd);
    }
  }

  /** A bounded model label: the first `MAX_MODELS` names seen, then `other`. */
  #model(name: string): string {
    const m = name.slice(0, 64);
    if (this.#models.has(m)) return m;
    if (this.#models.size >= MAX_MODELS) return 'other';
    this.#models.add(m);
    return m;
  }

  /** Counts one forwarded metadata request (`method` is one of the few the gateway forwards). */
  mcpForward(server: string, method: string, outcome: ForwardOutcome): void {
    this.#mcpForwarded.labels(server, method, outcome).inc();
  }

  /** The exposition text and its content type, for `GET /metrics`. */
  async scrape(): Promise<{ readonly contentType: string; readonly body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** A record sink that counts each record, then hands it on. */
export function countingSink(metrics: Metrics, next: RecordSink): RecordSink {
  return {
    record(rec) {
      metrics.event(rec);
      next.record(rec);
    },
  };
}

/** A tool-call sink that counts (and traces, when tracing is on) each call, then hands it on. */
export function countingCallSink(metrics: Metrics, next: ToolCallSink, tracing?: Tracing): ToolCallSink {
  return {
    recordCall(row) {
      metrics.mcpCall(row);
      tracing?.toolCall(row);
      next.recordCall(row);
    },
    countForward(server, method, outcome) {
      metrics.mcpForward(server, method, outcome);
      next.countForward?.(server, method, outcome);
    },
  };
}

/** An LLM request sink that counts (and traces, when tracing is on) each record, then hands it on. */
export function countingLlmSink(metrics: Metrics, next: LlmRequestSink, tracing?: Tracing): LlmRequestSink {
  return {
    recordLlm(rec) {
      metrics.llm(rec);
      tracing?.llm(rec);
      next.recordLlm(rec);
    },
  };
}
