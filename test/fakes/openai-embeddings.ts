import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson, startRecordingServer, type FakeServer, type RecordedRequest } from './recording-server.js';

/** Options of the fake OpenAI embeddings server. */
export interface EmbeddingsFakeOptions {
  /** Vector length (default 256). */
  readonly dimensions?: number;
  /** Answer some requests with a provider error instead. */
  readonly fail?: (req: RecordedRequest) => { readonly status: number; readonly type: string; readonly message: string } | undefined;
}

/** Words that carry no meaning for the fake: leaving them out makes paraphrases closer, as real models are. */
const STOP = new Set(['a', 'an', 'the', 'is', 'of', 'to', 'me', 'please', 'what', 'whats', 's', 'in', 'and', 'for', 'do', 'you', 'can', 'tell', 'i', 'my']);

/**
 * A deterministic embedding: a hashed bag of words (each word adds ±1 at a position from its hash), unit length.
 * Texts sharing most of their words are close; unrelated texts are nearly orthogonal.
 */
export function bagOfWordsEmbedding(text: string, dimensions: number): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const w of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (STOP.has(w)) continue;
    const h = createHash('sha256').update(w).digest();
    v[h.readUInt32LE(0) % dimensions] = (v[h.readUInt32LE(0) % dimensions] as number) + ((h[4] as number) & 1 ? 1 : -1);
  }
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return n === 0 ? v : v.map((x) => x / n);
}

function openaiError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { error: { message, type, param: null, code: null } });
}

function base64Of(v: readonly number[]): string {
  const b = Buffer.alloc(v.length * 4);
  v.forEach((x, i) => b.writeFloatLE(x, i * 4));
  return b.toString('base64');
}

/**
 * A fake OpenAI embeddings server: `POST /v1/embeddings` with `input` a string or an array of strings,
 * `encoding_format` `float` or `base64` (the official SDK asks for base64 unless told otherwise), usage counted
 * in words. Errors in OpenAI's `{"error":{…}}` format.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function startEmbeddingsFake(opts: EmbeddingsFakeOptions = {}): Promise<FakeServer> {
  const dims = opts.dimensions ?? 256;
  return startRecordingServer((req, res) => {
    if (req.method !== 'POST' || req.path !== '/v1/embeddings') return openaiError(res, 404, 'invalid_request_error', `no route ${req.method} ${req.path}`);
    if (req.jsonError !== undefined || typeof req.body !== 'object' || req.body === null) return openaiError(res, 400, 'invalid_request_error', 'body is not a JSON object');
    const failure = opts.fail?.(req);
    if (failure !== undefined) return openaiError(res, failure.status, failure.type, failure.message);
    const body = req.body as { model?: unknown; input?: unknown; encoding_format?: unknown };
    const inputs = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) && body.input.every((x) => typeof x === 'string') ? (body.input as string[]) : undefined;
    if (inputs === undefined || inputs.length === 0) return openaiError(res, 400, 'invalid_request_error', "'input' must be a string or a non-empty array of strings");
    const base64 = body.encoding_format === 'base64';
    const tokens = inputs.reduce((n, t) => n + (t.match(/\S+/g)?.length ?? 0), 0);
    sendJson(res, 200, {
      object: 'list',
      data: inputs.map((t, index) => {
        const v = bagOfWordsEmbedding(t, dims);
        return { object: 'embedding', index, embedding: base64 ? base64Of(v) : v };
      }),
      model: typeof body.model === 'string' ? body.model : 'text-embedding-scripted',
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  });
}
