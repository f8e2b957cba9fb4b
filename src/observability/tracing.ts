import { SpanKind, SpanStatusCode, type Attributes, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { LlmRequestRecord, ToolCallAudit } from '../core/index.js';

/** Where spans go: an OTLP/HTTP collector, or processors a test supplies. */
export type TracingTarget =
  | { readonly kind: 'otlp'; readonly endpoint: string; readonly headers: Readonly<Record<string, string>> }
  | { readonly kind: 'processors'; readonly processors: readonly SpanProcessor[] };

/**
 * OpenTelemetry spans for what the gateway did, following the GenAI semantic conventions: one `chat {model}`
 * client span per model request and one `execute_tool {tool}` span per MCP tool call, built from the records
 * the surfaces already make (start time and duration included), so tracing adds nothing to the request path
 * but an object handed to a batching processor. Its own tracer provider, never the global one: an
 * application embedding Rampart keeps its own.
 * @see https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/
 */
export class Tracing {
  readonly #provider: TracerProvider;
  readonly #tracer: Tracer;

  constructor(target: TracingTarget, serviceName = 'rampart') {
    const processors =
      target.kind === 'otlp'
        ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: target.endpoint, headers: { ...target.headers } }), maxQueueSize: 4096 })]
        : [...target.processors];
    this.#provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': serviceName }), spanProcessors: processors });
    this.#tracer = this.#provider.getTracer('rampart');
  }

  /** A `chat` (or `embeddings`) span for one served model request. */
  llm(rec: LlmRequestRecord): void {
    const attributes: Attributes = {
      'gen_ai.operation.name': rec.operation,
      'gen_ai.provider.name': rec.format,
      'gen_ai.request.model': rec.model,
      'gen_ai.usage.input_tokens': rec.inputTokens + rec.cacheReadTokens + rec.cacheWriteTokens,
      'gen_ai.usage.output_tokens': rec.outputTokens,
      'gen_ai.usage.cache_read.input_tokens': rec.cacheReadTokens,
      'gen_ai.usage.cache_creation.input_tokens': rec.cacheWriteTokens,
      'http.response.status_code': rec.status,
      'rampart.llm.provider': rec.provider ?? '',
      'rampart.llm.attempts': rec.attempts,
      'rampart.llm.stream': rec.stream,
      'rampart.decision': rec.decision,
      'rampart.llm.cache_hit': rec.cacheHit,
    };
    if (rec.upstreamModel !== undefined) attributes['gen_ai.response.model'] = rec.upstreamModel;
    if (rec.sessionId !== undefined) attributes['gen_ai.conversation.id'] = rec.sessionId;
    if (rec.user !== undefined) attributes['user.id'] = rec.user;
    if (rec.costUsd !== undefined) attributes['rampart.llm.cost_usd'] = rec.costUsd;
    if (rec.ttftMs !== undefined) attributes['rampart.llm.time_to_first_byte_ms'] = rec.ttftMs;
    if (rec.status >= 400) attributes['error.type'] = String(rec.status);
    this.#span(`${rec.operation} ${rec.model}`, SpanKind.CLIENT, rec.at, rec.latencyMs, attributes, rec.status >= 400);
  }

  /** An `execute_tool` span for one MCP tool call (resource reads and prompt gets included). */
  toolCall(row: ToolCallAudit): void {
    const attributes: Attributes = {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': row.tool,
      'mcp.method.name': row.tool === 'resources/read' || row.tool === 'prompts/get' ? row.tool : 'tools/call',
      'mcp.session.id': row.sessionId,
      'gen_ai.conversation.id': row.sessionId,
      'rampart.mcp.server': row.server ?? '',
      'rampart.mcp.outcome': row.outcome,
      'rampart.mcp.result_bytes': row.resultBytes,
    };
    if (row.user !== undefined) attributes['user.id'] = row.user;
    if (row.rule !== undefined) attributes['rampart.rule'] = row.rule;
    if (row.isError) attributes['error.type'] = row.outcome;
    this.#span(`execute_tool ${row.tool}`, SpanKind.SERVER, row.at, row.latencyMs, attributes, row.isError);
  }

  #span(name: string, kind: SpanKind, at: number, ms: number, attributes: Attributes, failed: boolean): void {
    const span = this.#tracer.startSpan(name, { kind, startTime: at, attributes });
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(at + ms);
  }

  /** Exports what is buffered and stops. */
  async close(): Promise<void> {
    await this.#provider.shutdown();
  }
}
