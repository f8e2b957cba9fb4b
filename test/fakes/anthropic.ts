import type { ServerResponse } from 'node:http';
import { sendJson, startRecordingServer, startSse, writeSse, type FakeServer, type RecordedRequest } from './recording-server.js';
import { callId, chunks, stepFor, textOf, type ScriptStep, type TurnContext } from './script.js';

/** Options of the scripted Anthropic server. */
export interface AnthropicFakeOptions {
  readonly script: readonly ScriptStep[];
  /** Characters per `text_delta` (default 16), so clients and gateways see a real multi-frame stream. */
  readonly textChunk?: number;
  /** Answer some requests with a provider error instead (status and Anthropic error type). */
  readonly fail?: (req: RecordedRequest) => { readonly status: number; readonly type: string; readonly message: string } | undefined;
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

function anthropicError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { type: 'error', error: { type, message } });
}

/** The content block a step becomes. */
function blockFor(step: ScriptStep, ctx: TurnContext): Record<string, unknown> {
  return step.kind === 'tool'
    ? { type: 'tool_use', id: callId('toolu_', ctx.turn), name: step.name, input: step.input }
    : { type: 'text', text: textOf(step, ctx) };
}

function streamMessage(res: ServerResponse, o: { id: string; model: string; block: Record<string, unknown>; stopReason: string; textChunk: number }): void {
  const usage = { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 };
  startSse(res);
  writeSse(res, { type: 'message_start', message: { id: o.id, type: 'message', role: 'assistant', model: o.model, content: [], stop_reason: null, stop_sequence: null, usage } }, 'message_start');
  writeSse(res, { type: 'ping' }, 'ping');
  const start = o.block['type'] === 'tool_use' ? { ...o.block, input: {} } : { type: 'text', text: '' };
  writeSse(res, { type: 'content_block_start', index: 0, content_block: start }, 'content_block_start');
  if (o.block['type'] === 'tool_use') {
    writeSse(res, { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(o.block['input']) } }, 'content_block_delta');
  } else {
    for (const text of chunks(String(o.block['text']), o.textChunk)) {
      writeSse(res, { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }, 'content_block_delta');
    }
  }
  writeSse(res, { type: 'content_block_stop', index: 0 }, 'content_block_stop');
  writeSse(res, { type: 'message_delta', delta: { stop_reason: o.stopReason, stop_sequence: null }, usage: { output_tokens: 7 } }, 'message_delta');
  writeSse(res, { type: 'message_stop' }, 'message_stop');
  res.end();
}

/**
 * A scripted Anthropic Messages server: `POST /v1/messages` (any query, e.g. `?beta=true`), streaming
 * (`stream: true`, the full event sequence) or not, stateless. Other paths answer 404 and bad JSON 400, both
 * in Anthropic's error format.
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
export function startAnthropicFake(opts: AnthropicFakeOptions): Promise<FakeServer> {
  const textChunk = opts.textChunk ?? 16;
  return startRecordingServer((req, res) => {
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
      anthropicError(res, failure.status, failure.type, failure.message);
      return;
    }
    const body = req.body as { messages?: unknown; model?: unknown; stream?: unknown };
    const ctx = anthropicTurn(body);
    const step = stepFor(opts.script, ctx.turn);
    const block = blockFor(step, ctx);
    const model = typeof body.model === 'string' ? body.model : 'claude-scripted';
    const id = `msg_scripted_${String(ctx.turn).padStart(4, '0')}`;
    const stopReason = step.kind === 'tool' ? 'tool_use' : 'end_turn';
    if (body.stream === true) {
      streamMessage(res, { id, model, block, stopReason, textChunk });
      return;
    }
    sendJson(res, 200, {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [block],
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 7 },
    });
  });
}
