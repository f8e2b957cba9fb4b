import { describe, expect, it } from 'vitest';
import type { EngineRecord, LlmRequestRecord } from '../core/index.js';
import type { EngineStats } from '../engine/engine.js';
import { countingSink, Metrics } from './metrics.js';

const stats: EngineStats = { sessions: 3, evictedLru: 1, evictedIdle: 2, events: 9, detectorCrashes: 0, policyCrashes: 0, sinkErrors: 0 };

function metrics() {
  return new Metrics(
    {
      engine: () => stats,
      upstreams: () => [['gh', 'ready'], ['fs', 'ready'], ['crm', 'failed']] as const,
      mcpSessions: () => 4,
      store: () => ({ queued: 5, written: 6, dropped: 0 }),
    },
    { defaultMetrics: false },
  );
}

const rec = (kind: 'prompt' | 'tool.call', action: 'allow' | 'deny'): EngineRecord =>
  ({ event: { kind }, decision: { action }, findings: [] }) as unknown as EngineRecord;

describe('Metrics', () => {
  it('counts engine decisions by kind and action, and passes each record on', async () => {
    const m = metrics();
    const seen: EngineRecord[] = [];
    const sink = countingSink(m, { record: (r) => seen.push(r) });
    sink.record(rec('prompt', 'allow'));
    sink.record(rec('prompt', 'allow'));
    sink.record(rec('tool.call', 'deny'));
    expect(seen).toHaveLength(3);
    const { body, contentType } = await m.scrape();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain('rampart_engine_events_total{kind="prompt",action="allow"} 2');
    expect(body).toContain('rampart_engine_events_total{kind="tool.call",action="deny"} 1');
    // Counted between scrapes, and kept across them.
    sink.record(rec('prompt', 'allow'));
    expect((await m.scrape()).body).toContain('rampart_engine_events_total{kind="prompt",action="allow"} 3');
    expect((await m.scrape()).body).toContain('rampart_engine_events_total{kind="prompt",action="allow"} 3');
  });

  it('reads gauges from their sources at scrape time', async () => {
    const { body } = await metrics().scrape();
    expect(body).toContain('rampart_engine_sessions 3');
    expect(body).toContain('rampart_engine_sessions_evicted_idle_total 2');
    expect(body).toContain('rampart_mcp_upstreams{state="ready"} 2');
    expect(body).toContain('rampart_mcp_upstreams{state="failed"} 1');
    expect(body).toContain('rampart_mcp_sessions 4');
    expect(body).toContain('rampart_store_queued_records 5');
  });

  it('observes HTTP requests by route template and status class, and MCP calls by server and outcome', async () => {
    const m = metrics();
    m.http('/v1/events', 'POST', 200, 0.0004);
    m.http('/v1/events', 'POST', 400, 0.0002);
    m.mcpCall({ at: 0, sessionId: 's', callSeq: 1, user: 'ann', agent: undefined, server: 'gh', tool: 't', args: '{}', outcome: 'deny', rule: 'r', resultBytes: 0, resultSha256: undefined, isError: true, latencyMs: 2 });
    m.mcpForward('gh', 'resources/list', 'forbidden');
    const { body } = await m.scrape();
    expect(body).toContain('rampart_mcp_forwarded_requests_total{server="gh",method="resources/list",outcome="forbidden"} 1');
    expect(body).toContain('rampart_http_request_duration_seconds_count{route="/v1/events",method="POST",status="2xx"} 1');
    expect(body).toContain('rampart_http_request_duration_seconds_bucket{le="0.0005",route="/v1/events",method="POST",status="4xx"} 1');
    expect(body).toContain('rampart_mcp_tool_calls_total{server="gh",outcome="deny"} 1');
    expect(body).not.toContain('ann');
  });

  it('counts model requests, tokens and cost, keeping totals across scrapes and ignoring a cost that is no number', async () => {
    const m = metrics();
    const rec: LlmRequestRecord = {
      at: 0, operation: 'chat', sessionId: 's', user: 'ann', keyId: undefined, team: undefined, format: 'openai', model: 'gpt-x', provider: 'oa', upstreamModel: 'gpt-x',
      status: 200, stream: false, attempts: 1, latencyMs: 3, ttftMs: 2, inputTokens: 120, outputTokens: 12, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0,
      costUsd: 0.25, priceVersion: 'v', decision: 'allow', cacheHit: false, savedUsd: undefined,
    };
    m.llm(rec);
    m.llm({ ...rec, costUsd: Number.POSITIVE_INFINITY });
    let { body } = await m.scrape();
    expect(body).toContain('rampart_llm_requests_total{provider="oa",model="gpt-x",status="2xx",decision="allow"} 2');
    expect(body).toContain('rampart_llm_tokens_total{provider="oa",model="gpt-x",type="input"} 240');
    expect(body).not.toContain('type="cache_read"');
    expect(body).toContain('rampart_llm_cost_usd_total{provider="oa",model="gpt-x"} 0.25');
    m.llm({ ...rec, status: 502, decision: 'gated' });
    ({ body } = await m.scrape());
    expect(body).toContain('rampart_llm_requests_total{provider="oa",model="gpt-x",status="2xx",decision="allow"} 2');
    expect(body).toContain('rampart_llm_requests_total{provider="oa",model="gpt-x",status="5xx",decision="gated"} 1');
    expect(body).toContain('rampart_llm_tokens_total{provider="oa",model="gpt-x",type="output"} 36');
    expect(body).toContain('rampart_llm_cost_usd_total{provider="oa",model="gpt-x"} 0.5');
    expect(body).not.toContain('ann');
  });
});
