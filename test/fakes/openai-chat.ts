import type { ServerResponse } from 'node:http';
import { misbehave, type Misbehaviour } from './misbehave.js';
import { sendJson, startRecordingServer, startSse, type FakeServer, type RecordedRequest } from './recording-server.js';
import { callId, chunks, stepFor, textOf, type ScriptStep, type TurnContext } from './script.js';

/** Options of the scripted OpenAI Chat Completions server. */
export interface ChatFakeOptions {
  readonly script: readonly ScriptStep[];
  /** Characters per `delta.content` (default 16). */
  readonly textChunk?: number;
  /** Characters per `tool_calls[].function.arguments` delta (default 8), so gateways must assemble them. */
  readonly argsChunk?: number;
  /** Answer some requests with a provider error instead. */
  readonly fail?: (req: RecordedRequest) => { readonly status: number; readonly type: string; readonly message: string; readonly headers?: Readonly<Record<string, string>> } | undefined;
  /** Misbehave on some requests (see `Misbehaviour`). */
  readonly misbehave?: (req: RecordedRequest) => Misbehaviour | undefined;
  /** Called when a misbehaving request's client connection closes. */
  readonly onClientClose?: () => void;
  /** Start every reply with `reasoning_content`, as DeepSeek and vLLM reasoning models do. */
  readonly reasoning?: string;
}

interface Message {
  readonly role?: unknown;
  readonly content?: unknown;
}

/** The turn: how many assistant messages the request already holds; the last `tool` message is the tool result. */
export function chatTurn(body: { readonly messages?: unknown }): TurnContext {
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  let lastToolResult: string | undefined;
  for (const m of messages) if (m.role === 'tool') lastToolResult = typeof m.content === 'string' ? m.content : JSON.stringify(m.content);
  return { turn: messages.filter((m) => m.role === 'assistant').length, lastToolResult };
}

function chunkLine(o: { id: string; model: string; created: number }, delta: Record<string, unknown>, finish: string | null, usage?: unknown): string {
  const body: Record<string, unknown> = { id: o.id, object: 'chat.completion.chunk', created: o.created, model: o.model, system_fingerprint: 'fp_scripted', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
  if (usage !== undefined) body['usage'] = usage;
  return `data: ${JSON.stringify(body)}\n\n`;
}

/** The stream's frames for one step: role, then text deltas or a tool call whose arguments arrive in pieces. */
function streamFrames(step: ScriptStep, ctx: TurnContext, o: { id: string; model: string; created: number; textChunk: number; argsChunk: number; reasoning: string | undefined }): string[] {
  const out = [chunkLine(o, { role: 'assistant', content: null, refusal: null }, null)];
  if (o.reasoning !== undefined) for (const r of chunks(o.reasoning, o.textChunk)) out.push(chunkLine(o, { reasoning_content: r }, null));
  if (step.kind === 'tool') {
    const args = JSON.stringify(step.input);
    out.push(chunkLine(o, { tool_calls: [{ index: 0, id: callId('call_', ctx.turn), type: 'function', function: { name: step.name, arguments: '' } }] }, null));
    for (const a of chunks(args, o.argsChunk)) out.push(chunkLine(o, { tool_calls: [{ index: 0, function: { arguments: a } }] }, null));
    out.push(chunkLine(o, {}, 'tool_calls'));
  } else {
    for (const t of chunks(textOf(step, ctx), o.textChunk)) out.push(chunkLine(o, { content: t }, null));
    out.push(chunkLine(o, {}, 'stop'));
  }
  out.push('data: [DONE]\n\n');
  return out;
}

function openaiError(res: ServerResponse, status: number, type: string, message: string, headers: Readonly<Record<string, string>> = {}): void {
  sendJson(res, status, { error: { message, type, param: null, code: null } }, { ...headers });
}

/**
 * A scripted OpenAI Chat Completions server: `POST /v1/chat/completions` (and Azure's
 * `/openai/deployments/{deployment}/chat/completions?api-version=…`), streaming (`stream: true`: role chunk,
 * content or `tool_calls` deltas with the arguments split across chunks, the finish chunk, `[DONE]`) or not,
 * stateless. Errors in OpenAI's `{"error":{…}}` format.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export function startChatFake(opts: ChatFakeOptions): Promise<FakeServer> {
  const textChunk = opts.textChunk ?? 16;
  const argsChunk = opts.argsChunk ?? 8;
  return startRecordingServer((req, res) => {
    // Azure OpenAI serves the same API on deployment paths, with the api-version in the query.
    const azure = /^\/openai\/deployments\/[^/]+\/chat\/completions$/.test(req.path) && req.query.has('api-version');
    if (req.method !== 'POST' || (req.path !== '/v1/chat/completions' && !azure)) {
      openaiError(res, 404, 'invalid_request_error', `no route ${req.method} ${req.path}`);
      return;
    }
    if (req.jsonError !== undefined || typeof req.body !== 'object' || req.body === null) {
      openaiError(res, 400, 'invalid_request_error', `body is not a JSON object${req.jsonError === undefined ? '' : `: ${req.jsonError}`}`);
      return;
    }
    const failure = opts.fail?.(req);
    if (failure !== undefined) {
      openaiError(res, failure.status, failure.type, failure.message, failure.headers);
      return;
    }
    const body = req.body as { messages?: unknown; model?: unknown; stream?: unknown };
    const ctx = chatTurn(body);
    const step = stepFor(opts.script, ctx.turn);
    const o = { id: `chatcmpl-scripted${String(ctx.turn).padStart(4, '0')}`, model: typeof body.model === 'string' ? body.model : 'gpt-scripted', created: 1_700_000_000, textChunk, argsChunk, reasoning: opts.reasoning };
    const how = opts.misbehave?.(req);
    if (how !== undefined) {
      misbehave(res, how, streamFrames(step, ctx, o).slice(0, 2), opts.onClientClose);
      return;
    }
    if (body.stream === true) {
      startSse(res);
      const frames = streamFrames(step, ctx, o);
      // `stream_options.include_usage`: one last chunk with empty choices and the usage, before `[DONE]`.
      const options = (req.body as { stream_options?: { include_usage?: unknown } }).stream_options;
      if (options?.include_usage === true) frames.splice(frames.length - 1, 0, `data: ${JSON.stringify({ id: o.id, object: 'chat.completion.chunk', created: o.created, model: o.model, choices: [], usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19, prompt_tokens_details: { cached_tokens: 2 } } })}\n\n`);
      for (const f of frames) res.write(f);
      res.end();
      return;
    }
    const reasoning = opts.reasoning === undefined ? {} : { reasoning_content: opts.reasoning };
    const message =
      step.kind === 'tool'
        ? { role: 'assistant', content: null, refusal: null, ...reasoning, tool_calls: [{ id: callId('call_', ctx.turn), type: 'function', function: { name: step.name, arguments: JSON.stringify(step.input) } }] }
        : { role: 'assistant', content: textOf(step, ctx), refusal: null, ...reasoning };
    sendJson(res, 200, {
      id: o.id,
      object: 'chat.completion',
      created: o.created,
      model: o.model,
      system_fingerprint: 'fp_scripted',
      choices: [{ index: 0, message, logprobs: null, finish_reason: step.kind === 'tool' ? 'tool_calls' : 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
    });
  });
}
