import type { ServerResponse } from 'node:http';
import { misbehave, type Misbehaviour } from './misbehave.js';
import { sendJson, startRecordingServer, startSse, type FakeServer, type RecordedRequest } from './recording-server.js';
import { callId, chunks, stepFor, textOf, type ScriptStep, type TurnContext } from './script.js';

/** Options of the scripted Anthropic server. */
export interface AnthropicFakeOptions {
  readonly script: readonly ScriptStep[];
  /** Characters per `text_delta` (default 16), so clients and gateways see a real multi-frame stream. */
  readonly textChunk?: number;
  /** Answer some requests with a provider error instead (status and Anthropic error type). */
  readonly fail?: (req: RecordedRequest) => { readonly status: number; readonly type: string; readonly message: string; readonly headers?: Readonly<Record<string, string>> } | undefined;
  /** Misbehave on some requests (see `Misbehaviour`). */
  readonly misbehave?: (req: RecordedRequest) => Misbehaviour | undefined;
  /** Called when a misbehaving request's client connection closes. */
  readonly onClientClose?: () => void;
  /** Characters per `input_json_delta` (default: the whole input in one delta). */
  readonly inputChunk?: number;
  /** Start every reply with a thinking block (text and signature), as extended thinking does. */
  readonly thinking?: { readonly text: string; readonly signature: string };
}

interface Message {
  readonly role?: unknown;
  readonly content?: unknown;
}

/** The turn: how many assistant messages the request already carries (role:"system" items are skipped). */
export function anthropicTurn(body: { readonly messages?: unknown }): TurnContext {
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  let lastToolResult: string | undefined;
  for (const m of messages) {
    if (m.role !== 'user' || !Array.isArray(m.content)) continue;
    for (const block of m.content as { type?: unknown; content?: unknown }[]) {
      if (block.type !== 'tool_result') continue;
      const c = block.content;
      lastToolResult = typeof c === 'string' ? c : Array.isArray(c) ? (c as { text?: unknown }[]).map((p) => (typeof p.text === 'string' ? p.text : '')).join('') : '';
    }
  }
  return { turn: messages.filter((m) => m.role === 'assistant').length, lastToolResult };
}

function anthropicError(res: ServerResponse, status: number, type: string, message: string, headers: Readonly<Record<string, string>> = {}): void {
  sendJson(res, status, { type: 'error', error: { type, message } }, { ...headers });
}

/** The content block a step becomes. */
function blockFor(step: ScriptStep, ctx: TurnContext): Record<string, unknown> {
  return step.kind === 'tool'
    ? { type: 'tool_use', id: callId('toolu_', ctx.turn), name: step.name, input: step.input }
    : { type: 'text', text: textOf(step, ctx) };
}

function sseText(data: unknown, event: string): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The frames of a streamed reply: thinking first when asked, then the step's block. */
function streamFrames(o: { id: string; model: string; block: Record<string, unknown>; stopReason: string; textChunk: number; inputChunk: number; thinking: AnthropicFakeOptions['thinking'] }): string[] {
  const usage = { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 };
  const out = [sseText({ type: 'message_start', message: { id: o.id, type: 'message', role: 'assistant', model: o.model, content: [], stop_reason: null, stop_sequence: null, usage } }, 'message_start')];
  out.push(sseText({ type: 'ping' }, 'ping'));
  let index = 0;
  if (o.thinking !== undefined) {
    out.push(sseText({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }, 'content_block_start'));
    for (const thinking of chunks(o.thinking.text, o.textChunk)) out.push(sseText({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking } }, 'content_block_delta'));
    out.push(sseText({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: o.thinking.signature } }, 'content_block_delta'));
    out.push(sseText({ type: 'content_block_stop', index }, 'content_block_stop'));
    index++;
  }
  const start = o.block['type'] === 'tool_use' ? { ...o.block, input: {} } : { type: 'text', text: '' };
  out.push(sseText({ type: 'content_block_start', index, content_block: start }, 'content_block_start'));
  if (o.block['type'] === 'tool_use') {
    // Tool input may arrive in pieces, as the API sends it: gateways must assemble it.
    for (const partial_json of chunks(JSON.stringify(o.block['input']), o.inputChunk)) out.push(sseText({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } }, 'content_block_delta'));
  } else {
    for (const text of chunks(String(o.block['text']), o.textChunk)) out.push(sseText({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } }, 'content_block_delta'));
  }
  out.push(sseText({ type: 'content_block_stop', index }, 'content_block_stop'));
  out.push(sseText({ type: 'message_delta', delta: { stop_reason: o.stopReason, stop_sequence: null }, usage: { output_tokens: 7 } }, 'message_delta'));
  out.push(sseText({ type: 'message_stop' }, 'message_stop'));
  return out;
}

/**
 * A scripted Anthropic Messages server: `POST /v1/messages` (any query, e.g. `?beta=true`) and `count_tokens`, streaming
 * (`stream: true`, the full event sequence) or not, stateless. Other paths answer 404 and bad JSON 400, both
 * in Anthropic's error format.
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
export function startAnthropicFake(opts: AnthropicFakeOptions): Promise<FakeServer> {
  const textChunk = opts.textChunk ?? 16;
  return startRecordingServer((req, res) => {
    if (req.method === 'POST' && req.path === '/v1/messages/count_tokens') {
      // A stand-in count: the characters of the request's messages, so a test can tell requests apart.
      sendJson(res, 200, { input_tokens: JSON.stringify((req.body as { messages?: unknown } | undefined)?.messages ?? []).length });
      return;
    }
    if (req.method !== 'POST' || req.path !== '/v1/messages') {
      anthropicError(res, 404, 'not_found_error', `no route ${req.method} ${req.path}`);
      return;
    }
    if (req.jsonError !== undefined || typeof req.body !== 'object' || req.body === null) {
      anthropicError(res, 400, 'invalid_request_error', `body is not a JSON object${req.jsonError === undefined ? '' : `: ${req.jsonError}`}`);
      return;
    }
    const failure = opts.fail?.(req);
    if (failure !== undefined) {
      anthropicError(res, failure.status, failure.type, failure.message, failure.headers);
      return;
    }
    const body = req.body as { messages?: unknown; model?: unknown; stream?: unknown };
    const ctx = anthropicTurn(body);
    const step = stepFor(opts.script, ctx.turn);
    const block = blockFor(step, ctx);
    const model = typeof body.model === 'string' ? body.model : 'claude-scripted';
    const id = `msg_scripted_${String(ctx.turn).padStart(4, '0')}`;
    const stopReason = step.kind === 'tool' ? 'tool_use' : 'end_turn';
    const frames = streamFrames({ id, model, block, stopReason, textChunk, inputChunk: opts.inputChunk ?? Number.MAX_SAFE_INTEGER, thinking: opts.thinking });
    const how = opts.misbehave?.(req);
    if (how !== undefined) {
      misbehave(res, how, frames.slice(0, 2), opts.onClientClose);
      return;
    }
    if (body.stream === true) {
      startSse(res);
      for (const f of frames) res.write(f);
      res.end();
      return;
    }
    sendJson(res, 200, {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: opts.thinking === undefined ? [block] : [{ type: 'thinking', thinking: opts.thinking.text, signature: opts.thinking.signature }, block],
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 7 },
    });
  });
}
