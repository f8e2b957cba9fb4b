import type { ServerResponse } from 'node:http';
import { sendJson, startRecordingServer, startSse, writeSse, type FakeServer, type RecordedRequest } from './recording-server.js';
import { callId, chunks, stepFor, textOf, type ScriptStep, type TurnContext } from './script.js';

/** Options of the scripted OpenAI Responses server. */
export interface ResponsesFakeOptions {
  readonly script: readonly ScriptStep[];
  /** Characters per `response.output_text.delta` (default 16). */
  readonly textChunk?: number;
  /** Answer some requests with a provider error instead. */
  readonly fail?: (req: RecordedRequest) => { readonly status: number; readonly type: string; readonly message: string } | undefined;
  /** Leave out `response.completed` (Codex then retries and fails: agents.md §2), to test gateways against it. */
  readonly omitCompleted?: boolean;
}

interface InputItem {
  readonly type?: unknown;
  readonly output?: unknown;
}

/** The turn: how many `function_call` items the request's input already holds. */
export function responsesTurn(body: { readonly input?: unknown }): TurnContext {
  const input = Array.isArray(body.input) ? (body.input as InputItem[]) : [];
  let lastToolResult: string | undefined;
  for (const item of input) {
    if (item.type !== 'function_call_output') continue;
    const o = item.output;
    lastToolResult = typeof o === 'string' ? o : Array.isArray(o) ? (o as { text?: unknown }[]).map((p) => (typeof p.text === 'string' ? p.text : '')).join('') : JSON.stringify(o);
  }
  return { turn: input.filter((i) => i.type === 'function_call').length, lastToolResult };
}

function openaiError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { error: { message, type, param: null, code: null } });
}

/** The output item a step becomes (completed form). */
function itemFor(step: ScriptStep, ctx: TurnContext): Record<string, unknown> {
  const n = String(ctx.turn).padStart(4, '0');
  if (step.kind === 'tool') {
    return { type: 'function_call', id: `fc_scripted_${n}`, call_id: callId('call_', ctx.turn), name: step.name, arguments: JSON.stringify(step.input), status: 'completed' };
  }
  return { type: 'message', id: `msg_scripted_${n}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: textOf(step, ctx), annotations: [] }] };
}

function responseObject(o: { id: string; model: string; status: string; output: unknown[]; createdAt: number }): Record<string, unknown> {
  return {
    id: o.id,
    object: 'response',
    created_at: o.createdAt,
    status: o.status,
    error: null,
    incomplete_details: null,
    model: o.model,
    output: o.output,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    usage:
      o.status === 'completed'
        ? { input_tokens: 12, input_tokens_details: { cached_tokens: 0 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 19 }
        : null,
  };
}

function streamResponse(res: ServerResponse, o: { id: string; model: string; item: Record<string, unknown>; textChunk: number; omitCompleted: boolean }): void {
  let seq = 0;
  const send = (type: string, fields: Record<string, unknown>) => writeSse(res, { type, sequence_number: seq++, ...fields }, type);
  const createdAt = Math.floor(Date.now() / 1000);
  const base = { id: o.id, model: o.model, createdAt };
  startSse(res);
  send('response.created', { response: responseObject({ ...base, status: 'in_progress', output: [] }) });
  send('response.in_progress', { response: responseObject({ ...base, status: 'in_progress', output: [] }) });
  const itemId = String(o.item['id']);
  if (o.item['type'] === 'function_call') {
    send('response.output_item.added', { output_index: 0, item: { ...o.item, arguments: '', status: 'in_progress' } });
    send('response.function_call_arguments.delta', { item_id: itemId, output_index: 0, delta: o.item['arguments'] });
    send('response.function_call_arguments.done', { item_id: itemId, output_index: 0, arguments: o.item['arguments'] });
  } else {
    const text = (o.item['content'] as { text: string }[])[0]?.text ?? '';
    send('response.output_item.added', { output_index: 0, item: { ...o.item, content: [], status: 'in_progress' } });
    send('response.content_part.added', { item_id: itemId, output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
    for (const delta of chunks(text, o.textChunk)) send('response.output_text.delta', { item_id: itemId, output_index: 0, content_index: 0, delta });
    send('response.output_text.done', { item_id: itemId, output_index: 0, content_index: 0, text });
    send('response.content_part.done', { item_id: itemId, output_index: 0, content_index: 0, part: { type: 'output_text', text, annotations: [] } });
  }
  send('response.output_item.done', { output_index: 0, item: o.item });
  if (!o.omitCompleted) send('response.completed', { response: responseObject({ ...base, status: 'completed', output: [o.item] }) });
  res.end();
}

/**
 * A scripted OpenAI Responses server: `POST /v1/responses`, streaming (`stream: true`, ending in the
 * `response.completed` Codex waits for) or not, stateless. Errors in OpenAI's `{"error":{…}}` format.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export function startResponsesFake(opts: ResponsesFakeOptions): Promise<FakeServer> {
  const textChunk = opts.textChunk ?? 16;
  return startRecordingServer((req, res) => {
    if (req.method !== 'POST' || req.path !== '/v1/responses') {
      openaiError(res, 404, 'invalid_request_error', `no route ${req.method} ${req.path}`);
      return;
    }
    if (req.jsonError !== undefined || typeof req.body !== 'object' || req.body === null) {
      openaiError(res, 400, 'invalid_request_error', `body is not a JSON object${req.jsonError === undefined ? '' : `: ${req.jsonError}`}`);
      return;
    }
    const failure = opts.fail?.(req);
    if (failure !== undefined) {
      openaiError(res, failure.status, failure.type, failure.message);
      return;
    }
    const body = req.body as { input?: unknown; model?: unknown; stream?: unknown };
    const ctx = responsesTurn(body);
    const item = itemFor(stepFor(opts.script, ctx.turn), ctx);
    const model = typeof body.model === 'string' ? body.model : 'gpt-scripted';
    const id = `resp_scripted_${String(ctx.turn).padStart(4, '0')}`;
    if (body.stream === true) {
      streamResponse(res, { id, model, item, textChunk, omitCompleted: opts.omitCompleted === true });
      return;
    }
    sendJson(res, 200, responseObject({ id, model, status: 'completed', output: [item], createdAt: Math.floor(Date.now() / 1000) }));
  });
}
