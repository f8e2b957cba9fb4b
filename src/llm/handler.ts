import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EngineRecord, EventInput } from '../core/index.js';
import { createLlmGateway, type LlmConfig } from './create-gateway.js';
import { serveLlm } from './gateway.js';
import { listModels } from './models.js';
import { sendWireError } from './send.js';
import type { WireFormat } from './wire-format.js';

/** What the LLM routes need from the composition root (the server's `Runtime` fits it as is). */
export interface LlmRuntime {
  readonly engine: { process(input: EventInput): EngineRecord };
  readonly config: { readonly llm: LlmConfig };
}

function formatOf(url: string): WireFormat {
  return url.startsWith('/v1/messages') ? 'anthropic' : 'openai';
}

/**
 * The LLM gateway's HTTP binding: `POST /v1/messages` (and `/v1/messages/count_tokens`, any query such as
 * `?beta=true`), `POST /v1/chat/completions`, `GET /v1/models`. Bodies are read as bytes with their own limit,
 * so malformed JSON and oversized bodies are answered in the caller's format and an untouched request is
 * forwarded byte for byte. Replies are written to the raw response (hijacked) so streams flow as they come.
 */
export function registerLlmRoutes(app: FastifyInstance, rt: LlmRuntime): void {
  const c = rt.config.llm;
  const gw = createLlmGateway(c, (input) => rt.engine.process(input));
  app.addHook('onClose', async () => gw.close());

  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: c.maxBodyBytes }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((e: { code?: string }, req, reply) => {
      const large = e.code === 'FST_ERR_CTP_BODY_TOO_LARGE';
      reply.hijack();
      sendWireError(reply.raw, formatOf(req.url), large ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', large ? `the request body is larger than ${c.maxBodyBytes} bytes` : 'the request body could not be read');
    });
    const serve = (format: WireFormat, inspect: boolean) => async (req: FastifyRequest, reply: { hijack(): void; raw: ServerResponse }) => {
      reply.hijack();
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      // Anthropic base URLs carry no /v1 (the path goes as received); OpenAI ones end in /v1.
      const upstreamPath = format === 'anthropic' ? req.url : req.url.slice(3);
      await serveLlm(gw, { format, inspect, upstreamPath, headers: req.headers, body }, reply.raw);
    };
    scope.post('/v1/messages', { bodyLimit: c.maxBodyBytes }, serve('anthropic', true));
    scope.post('/v1/messages/count_tokens', { bodyLimit: c.maxBodyBytes }, serve('anthropic', false));
    scope.post('/v1/chat/completions', { bodyLimit: c.maxBodyBytes }, serve('openai', true));
    scope.get('/v1/models', async (req) => listModels(gw.router, req.headers));
  });
}
