import { gateAnthropicReply } from './anthropic/reply.js';
import { AnthropicStreamGate } from './anthropic/stream.js';
import { parseObject, readBounded } from './body.js';
import { gateOpenAiReply } from './openai/reply.js';
import { OpenAiStreamGate } from './openai/stream.js';
import { sendWireError, write } from './send.js';
import { SseFramer } from './sse-framer.js';
import type { StreamGate } from './stream-gate.js';
import type { ReplyToolCall, ToolVerdict } from './tool-gate.js';
import { callerHeaders, classifyFailure, type UpstreamReply } from './upstream.js';
import { upstreamErrorBody } from './upstream-error.js';
import { addUsage, usageOfEvent, type Usage } from './usage.js';
import { wireErrorFrame } from './wire-error.js';
import type { WireFormat } from './wire-format.js';
import type { LlmReplyTarget } from './reply-target.js';
import type { CallAbort } from '../core/index.js';

/** What the response side needs: the format, how to judge a tool call, and the bounds. */
export interface OutboundContext {
  readonly format: WireFormat;
  readonly decide: (call: ReplyToolCall) => ToolVerdict;
  readonly maxResponseBytes: number;
  /** Set when the client went away: the upstream is cancelled and nothing more is written. */
  readonly signal: CallAbort;
  /** Filled in as the reply goes out: tokens, the first byte's time, whether a tool call was replaced. */
  readonly meter: ReplyMeter;
}

/** What the response side learns for the request log. */
export interface ReplyMeter {
  readonly usage: Usage;
  /** `performance.now()` when the first body byte went to the caller. */
  firstByteAt: number | undefined;
  /** A tool call in the reply was replaced or refused. */
  gated: boolean;
  /** Content frames relayed (Anthropic `content_block_delta`, OpenAI chunks): a floor on output tokens when a stream ends without usage. */
  frames: number;
}

/** `decide`, noting in the meter when a call is not let through. */
function metered(ctx: OutboundContext): (call: ReplyToolCall) => ToolVerdict {
  return (call) => {
    const v = ctx.decide(call);
    if (v.kind !== 'allow') ctx.meter.gated = true;
    return v;
  };
}

function isEventStream(h: UpstreamReply['headers']): boolean {
  const t = h['content-type'];
  return typeof t === 'string' && t.startsWith('text/event-stream');
}

/**
 * Answers the caller from the upstream response: errors passed through (wrapped in the caller's format when the
 * provider's body is not in it), streams gated frame by frame, JSON replies gated whole.
 */
export async function outbound(ctx: OutboundContext, up: UpstreamReply, res: LlmReplyTarget): Promise<void> {
  if (up.statusCode >= 200 && up.statusCode < 300 && isEventStream(up.headers)) return stream(ctx, up, res);
  const raw = await readBounded(up.body, ctx.maxResponseBytes);
  if (raw === undefined) return sendWireError(res, ctx.format, 'UPSTREAM_ERROR', 'the upstream answer is larger than llm.maxResponseBytes');
  const reply = parseObject(raw.toString('utf8'));
  const headers = callerHeaders(up.headers);
  if (up.statusCode >= 300) {
    const body = upstreamErrorBody(ctx.format, up.statusCode, raw, reply);
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
    res.writeHead(up.statusCode, headers);
    res.end(body);
    return;
  }
  if (reply === undefined) return sendWireError(res, ctx.format, 'UPSTREAM_ERROR', 'the upstream answer is not a JSON object');
  addUsage(ctx.meter.usage, ctx.format, reply['usage']);
  const decide = metered(ctx);
  const gated = ctx.format === 'anthropic' ? gateAnthropicReply(reply, decide) : gateOpenAiReply(reply, decide);
  // Unchanged replies leave as the provider's bytes (thinking signatures and all).
  const body = gated === undefined ? raw : JSON.stringify(gated);
  // Set on the copy `callerHeaders` made: spreading it into a new literal takes V8's slow path every call.
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(up.statusCode, headers);
  ctx.meter.firstByteAt = performance.now();
  res.end(body);
}

async function stream(ctx: OutboundContext, up: UpstreamReply, res: LlmReplyTarget): Promise<void> {
  const decide = metered(ctx);
  const gate: StreamGate = ctx.format === 'anthropic' ? new AnthropicStreamGate(decide) : new OpenAiStreamGate(decide);
  const meter = ctx.meter;
  const framer = new SseFramer();
  const decoder = new TextDecoder();
  res.writeHead(up.statusCode, callerHeaders(up.headers));
  res.flushHeaders();
  try {
    for await (const chunk of up.body as AsyncIterable<Buffer>) {
      const frames = framer.push(decoder.decode(chunk, { stream: true }));
      if (frames === undefined) {
        up.body.destroy();
        res.end(wireErrorFrame(ctx.format, 'UPSTREAM_ERROR', 'an upstream stream frame exceeded the size bound'));
        return;
      }
      let out = '';
      for (const f of frames) {
        if (f.event !== undefined) {
          addUsage(meter.usage, ctx.format, usageOfEvent(ctx.format, f.event.event, f.event.data));
          if (ctx.format === 'openai' || f.event.event === 'content_block_delta') meter.frames++;
        }
        out += gate.frame(f);
      }
      if (out !== '') {
        meter.firstByteAt ??= performance.now();
        await write(res, out);
      }
    }
    const tail = gate.end();
    res.end(tail === '' ? undefined : tail);
  } catch (e) {
    if (ctx.signal.aborted) return;
    // Reset or stalled mid-stream: end the client's stream with the format's error event.
    gate.end();
    const f = classifyFailure(e);
    res.end(wireErrorFrame(ctx.format, f.kind === 'timeout' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_ERROR', f.kind === 'timeout' ? f.message : 'the upstream stream was interrupted'));
  }
}
