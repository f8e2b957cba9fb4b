import type { ServerResponse } from 'node:http';
import { sendJson, startRecordingServer, startSse, writeSse, type FakeServer, type RecordedRequest } from './recording-server.js';
import { chunks, stepFor, textOf, type ScriptStep, type TurnContext } from './script.js';

/** Options of the scripted Gemini server. */
export interface GeminiFakeOptions {
  readonly script: readonly ScriptStep[];
  /** Characters per streamed text chunk (default 16). */
  readonly textChunk?: number;
  /**
   * The answer to JSON-mode requests (`responseMimeType: application/json`), which are side calls such as
   * Gemini CLI's model router, not script turns. Default: the router's `{complexity_reasoning, complexity_score}`.
   */
  readonly jsonReply?: unknown;
  readonly fail?: (req: RecordedRequest) => { readonly status: number; readonly status_text: string; readonly message: string } | undefined;
  /** SSE streams only: the response ends after this many frames, before the one that finishes the reply. */
  readonly cutAfterFrames?: number;
  /**
   * SSE streams only: after this many frames, an `{"error":…}` frame ends the stream (as Google does mid-stream);
   * the frames and the error are written at once.
   */
  readonly streamError?: { readonly afterFrames: number; readonly code: number; readonly status: string; readonly message: string };
}

interface Content {
  readonly role?: unknown;
  readonly parts?: unknown;
}

/** The turn: how many `role: "model"` contents the request already holds. */
export function geminiTurn(body: { readonly contents?: unknown }): TurnContext {
  const contents = Array.isArray(body.contents) ? (body.contents as Content[]) : [];
  let lastToolResult: string | undefined;
  for (const c of contents) {
    if (!Array.isArray(c.parts)) continue;
    for (const p of c.parts as { functionResponse?: { response?: unknown } }[]) {
      if (p.functionResponse === undefined) continue;
      const r = p.functionResponse.response as { output?: unknown } | undefined;
      lastToolResult = typeof r?.output === 'string' ? r.output : JSON.stringify(r);
    }
  }
  return { turn: contents.filter((c) => c.role === 'model').length, lastToolResult };
}

function geminiError(res: ServerResponse, code: number, status: string, message: string): void {
  sendJson(res, code, { error: { code, message, status } });
}

function isJsonMode(body: { generationConfig?: { responseMimeType?: unknown; responseJsonSchema?: unknown; responseSchema?: unknown } }): boolean {
  const g = body.generationConfig;
  return g !== undefined && (g.responseMimeType === 'application/json' || g.responseJsonSchema !== undefined || g.responseSchema !== undefined);
}

function chunk(model: string, parts: unknown[], finish: boolean, n: number): Record<string, unknown> {
  return {
    candidates: [{ content: { role: 'model', parts }, ...(finish ? { finishReason: 'STOP' } : {}), index: 0 }],
    usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 7, totalTokenCount: 19 },
    modelVersion: model,
    responseId: `scripted-${n}`,
  };
}

const ROUTE = /^\/(v1|v1beta|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/**
 * A scripted Gemini server: `POST /v1beta/models/<model>:generateContent` and `:streamGenerateContent`
 * (`?alt=sse`: one `data:` frame per chunk), stateless. Errors in Google's `{"error":{code,message,status}}`.
 * @see https://ai.google.dev/api/generate-content
 */
export function startGeminiFake(opts: GeminiFakeOptions): Promise<FakeServer> {
  const textChunk = opts.textChunk ?? 16;
  const jsonReply = opts.jsonReply ?? { complexity_reasoning: 'scripted', complexity_score: 1 };
  return startRecordingServer((req, res) => {
    const m = ROUTE.exec(req.path);
    if (req.method !== 'POST' || m === null) {
      geminiError(res, 404, 'NOT_FOUND', `no route ${req.method} ${req.path}`);
      return;
    }
    if (req.jsonError !== undefined || typeof req.body !== 'object' || req.body === null) {
      geminiError(res, 400, 'INVALID_ARGUMENT', `body is not a JSON object${req.jsonError === undefined ? '' : `: ${req.jsonError}`}`);
      return;
    }
    const failure = opts.fail?.(req);
    if (failure !== undefined) {
      geminiError(res, failure.status, failure.status_text, failure.message);
      return;
    }
    const model = m[2] as string;
    const stream = m[3] === 'streamGenerateContent';
    const body = req.body as Parameters<typeof isJsonMode>[0] & { contents?: unknown };
    const ctx = geminiTurn(body);
    let frames: unknown[][];
    if (isJsonMode(body)) {
      frames = [[{ text: JSON.stringify(jsonReply) }]];
    } else {
      const step = stepFor(opts.script, ctx.turn);
      frames = step.kind === 'tool' ? [[{ functionCall: { name: step.name, args: step.input } }]] : chunks(textOf(step, ctx), stream ? textChunk : Infinity).map((t) => [{ text: t }]);
    }
    if (!stream) {
      sendJson(res, 200, chunk(model, frames.flat(), true, ctx.turn));
      return;
    }
    if (req.query.get('alt') !== 'sse') {
      // Without alt=sse the API streams one JSON array of the same chunks.
      sendJson(res, 200, frames.map((parts, i) => chunk(model, parts, i === frames.length - 1, ctx.turn)));
      return;
    }
    startSse(res);
    const e = opts.streamError;
    if (e !== undefined) {
      // The frames before the error and the error itself in one write, so they reach the gateway together.
      const before = frames.slice(0, e.afterFrames).map((parts) => chunk(model, parts, false, ctx.turn));
      res.end([...before, { error: { code: e.code, message: e.message, status: e.status } }].map((d) => `data: ${JSON.stringify(d)}\n\n`).join(''));
      return;
    }
    frames.slice(0, opts.cutAfterFrames ?? Infinity).forEach((parts, i) => writeSse(res, chunk(model, parts, i === frames.length - 1, ctx.turn)));
    res.end();
  });
}
