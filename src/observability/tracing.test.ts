import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import type { LlmRequestRecord, ToolCallAudit } from '../core/index.js';
import { Tracing } from './tracing.js';

const llm: LlmRequestRecord = {
  at: 1_700_000_000_000, operation: 'chat', sessionId: 's1', user: 'ann', format: 'anthropic', model: 'sonnet', provider: 'anthropic', upstreamModel: 'claude-sonnet-4-5',
  status: 200, stream: true, attempts: 1, latencyMs: 850, ttftMs: 120, inputTokens: 12, outputTokens: 7, cacheReadTokens: 100, cacheWriteTokens: 0,
  reasoningTokens: 0, costUsd: 0.000171, priceVersion: '2026-11-24', decision: 'gated', cacheHit: false, savedUsd: undefined,
};
const call: ToolCallAudit = {
  at: 1_700_000_001_000, sessionId: 'm1', callSeq: 3, user: 'bo', agent: 'cursor', server: 'gh', tool: 'delete_repo', args: '{}', outcome: 'deny',
  rule: 'destructive-after-injection', resultBytes: 0, resultSha256: undefined, isError: true, latencyMs: 2,
};

describe('Tracing', () => {
  it('makes a GenAI chat span per model request and an execute_tool span per MCP call, with their own times', async () => {
    const exporter = new InMemorySpanExporter();
    const t = new Tracing({ kind: 'processors', processors: [new SimpleSpanProcessor({ exporter })] });
    t.llm(llm);
    t.toolCall(call);
    const [chat, tool] = exporter.getFinishedSpans();
    expect(chat?.name).toBe('chat sonnet');
    expect(chat?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'sonnet', 'gen_ai.response.model': 'claude-sonnet-4-5',
      'gen_ai.usage.input_tokens': 112, 'gen_ai.usage.output_tokens': 7, 'gen_ai.usage.cache_read.input_tokens': 100, 'gen_ai.conversation.id': 's1',
      'user.id': 'ann', 'rampart.decision': 'gated', 'rampart.llm.cost_usd': 0.000171,
    });
    expect(chat?.startTime).toEqual([1_700_000_000, 0]);
    expect(chat?.endTime).toEqual([1_700_000_000, 850_000_000]);
    expect(tool?.name).toBe('execute_tool delete_repo');
    expect(tool?.attributes).toMatchObject({ 'gen_ai.tool.name': 'delete_repo', 'mcp.method.name': 'tools/call', 'rampart.mcp.outcome': 'deny', 'rampart.rule': 'destructive-after-injection', 'error.type': 'deny' });
    expect(tool?.status.code).toBe(2);
    await t.close();
  });

  it('exports over OTLP/HTTP to a collector, with the service name', async () => {
    const bodies: string[] = [];
    const collector = createServer((req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => (b += c.toString('utf8')));
      req.on('end', () => {
        bodies.push(`${req.method} ${req.url} ${req.headers['content-type'] ?? ''} ${req.headers['x-team'] ?? ''}\n${b}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    const { port } = collector.address() as AddressInfo;
    const t = new Tracing({ kind: 'otlp', endpoint: `http://127.0.0.1:${port}/v1/traces`, headers: { 'x-team': 'sec' } }, 'rampart-test');
    t.llm(llm);
    await t.close();
    collector.close();
    expect(bodies).toHaveLength(1);
    const [head, json] = (bodies[0] as string).split('\n') as [string, string];
    expect(head).toBe('POST /v1/traces application/json sec');
    const doc = JSON.parse(json) as { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string }[] }[] }[] };
    expect(doc.resourceSpans[0]?.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'rampart-test' } });
    expect(doc.resourceSpans[0]?.scopeSpans[0]?.spans.map((s) => s.name)).toEqual(['chat sonnet']);
  });
});
