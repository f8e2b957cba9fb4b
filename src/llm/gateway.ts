import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { applyRequestRedactions, type RequestRedaction } from './apply-redactions.js';
import { parseObject, readBounded } from './body.js';
import { inbound } from './inbound.js';
import { outbound } from './outbound.js';
import type { ModelRouter } from './router.js';
import type { SeenTurns } from './seen-turns.js';
import { sendWireError } from './send.js';
import { gateToolCall, type ProcessEvent } from './tool-gate.js';
import { callerHeaders, classifyFailure, post, upstreamHeaders, type UpstreamTarget } from './upstream.js';
import type { WireFormat } from './wire-format.js';

/** What the gateway holds, built once at startup. */
export interface LlmGateway {
  readonly process: ProcessEvent;
  readonly router: ModelRouter;
  readonly upstreams: ReadonlyMap<string, UpstreamTarget>;
  readonly seen: SeenTurns;
  readonly maxResponseBytes: number;
}

/** One model request as the HTTP edge hands it over. */
export interface LlmCall {
  readonly format: WireFormat;
  /** `count_tokens` is forwarded without inspection: it runs nothing and returns a number. */
  readonly inspect: boolean;
  /** Path and query to send upstream, after the provider's base path (`/v1/messages?beta=true`, `/chat/completions`). */
  readonly upstreamPath: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * Serves one model request end to end: parse, route, run the new turns through the engine, forward, and gate
 * the reply's tool calls. Every failure is answered in the caller's format; the client going away aborts the
 * upstream request.
 */
export async function serveLlm(gw: LlmGateway, call: LlmCall, res: ServerResponse): Promise<void> {
  const { format } = call;
  const body = parseObject(call.body.toString('utf8'));
  if (body === undefined) return sendWireError(res, format, 'PARSE_ERROR', 'the request body is not a JSON object');
  const model = body['model'];
  if (typeof model !== 'string' || model === '') return sendWireError(res, format, 'INVALID_PARAMS', 'model: a model name is required');
  const messages = body['messages'];
  if (!Array.isArray(messages)) return sendWireError(res, format, 'INVALID_PARAMS', 'messages: an array is required');
  const route = gw.router.resolve(model);
  if (route === undefined) return sendWireError(res, format, 'NOT_FOUND', `model ${model.slice(0, 200)} is not configured in llm.models`, 'model_not_found');
  const target = gw.upstreams.get(route.provider.id);
  if (target === undefined || target.format !== format) {
    return sendWireError(res, format, 'BAD_REQUEST', `model ${model.slice(0, 200)} is served by provider ${route.provider.id}, which speaks ${route.provider.format}; translation between formats is not built yet`);
  }

  let session: { sessionId: string; agent: string | undefined } = { sessionId: '', agent: undefined };
  let redactions: readonly RequestRedaction[] = [];
  if (call.inspect) {
    const inb = inbound({ format, headers: call.headers, messages, process: gw.process, seen: gw.seen });
    if (inb.stop !== undefined) {
      const why = inb.stop.action === 'deny' ? inb.stop.reason : inb.stop.prompt;
      return sendWireError(res, format, 'POLICY_DENIED', `Rampart stopped this request: ${why} (rule ${inb.stop.rule.id})`, 'policy_denied');
    }
    session = { sessionId: inb.session.id, agent: inb.session.agent };
    redactions = inb.redactions;
  }

  const ac = new AbortController();
  res.on('close', () => {
    if (res.writableFinished) return;
    // The client left: cancel the upstream request and drop our side of the socket (Node keeps a server
    // socket half-open while a response is unfinished).
    ac.abort();
    res.destroy();
  });
  // The caller's bytes go upstream unless an alias or a redaction requires a rewrite.
  const rewritten = redactions.length > 0 ? applyRequestRedactions(body, redactions) : body;
  const payload = route.renamed || rewritten !== body ? JSON.stringify(route.renamed ? { ...rewritten, model: route.model } : rewritten) : call.body;
  let up;
  try {
    up = await post(target, { path: call.upstreamPath, headers: upstreamHeaders(target, call.headers), body: payload, signal: ac.signal });
  } catch (e) {
    const f = classifyFailure(e);
    if (f.kind === 'aborted') return void res.end();
    return sendWireError(res, format, f.kind === 'timeout' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_ERROR', f.message);
  }
  try {
    if (!call.inspect) {
      const raw = await readBounded(up.body, gw.maxResponseBytes);
      if (raw === undefined) return sendWireError(res, format, 'UPSTREAM_ERROR', 'the upstream answer is larger than llm.maxResponseBytes');
      res.writeHead(up.statusCode, { ...callerHeaders(up.headers), 'content-length': raw.length });
      return void res.end(raw);
    }
    const decide = gateToolCall.bind(undefined, gw.process, session);
    await outbound({ format, decide, maxResponseBytes: gw.maxResponseBytes, signal: ac.signal }, up, res);
  } catch (e) {
    if (ac.signal.aborted) return;
    const f = classifyFailure(e);
    sendWireError(res, format, f.kind === 'timeout' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_ERROR', f.message);
  }
}
