import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EngineRecord, EventInput, LlmCacheStore, LlmRequestSink } from '../core/index.js';
import { isAuthFailure, type Authenticator } from '../identity/principal.js';
import { CLIENT_CREDENTIAL_HEADERS } from '../identity/presented-credential.js';
import { createLlmGateway, type LlmConfig } from './create-gateway.js';
import { serveEmbeddings } from './embeddings.js';
import { serveLlm } from './gateway.js';
import { listModels } from './models.js';
import type { Quota } from './quota/quota.js';
import { serveResponses } from './responses/serve-responses.js';
import type { RoutingClock } from './routing/clock.js';
import { sendWireError } from './send.js';
import type { WireFormat } from './wire-format.js';

/** What the LLM routes need from the composition root (the server's `Runtime` fits it as is). */
export interface LlmRuntime {
  readonly engine: { process(input: EventInput): EngineRecord };
  readonly config: { readonly llm: LlmConfig };
  /** Time for routing (breakers, backoff); the system clock unless a test injects one. */
  readonly routingClock?: RoutingClock | undefined;
  /** Where each served model request is recorded. */
  readonly llmLog?: LlmRequestSink | undefined;
  /** The durable response cache for `llm.cache.store: sqlite` (the store's own database). */
  readonly llmCacheStore?: LlmCacheStore | undefined;
  /** Budgets and rate limits per key, user, team and model. */
  readonly quota?: Quota | undefined;
}

function formatOf(url: string): WireFormat {
  return url.startsWith('/v1/messages') ? 'anthropic' : 'openai';
}

/**
 * The LLM gateway's HTTP binding: `POST /v1/messages` (and `/v1/messages/count_tokens`, any query such as
 * `?beta=true`), `POST /v1/chat/completions`, `POST /v1/responses` (served through Chat Completions),
 * `POST /v1/embeddings`, `GET /v1/models`. Bodies are read as bytes with their own limit,
 * so malformed JSON and oversized bodies are answered in the caller's format and an untouched request is
 * forwarded byte for byte. Replies are written to the raw response (hijacked) so streams flow as they come.
 */
export function registerLlmRoutes(app: FastifyInstance, rt: LlmRuntime, opts: { readonly authenticate?: Authenticator | undefined } = {}): void {
  const c = rt.config.llm;
  const gw = createLlmGateway(c, (input) => rt.engine.process(input), { clock: rt.routingClock, log: rt.llmLog, cacheStore: rt.llmCacheStore, quota: rt.quota });
  app.addHook('onClose', async () => gw.close());

  // Requests that authenticated with a Rampart credential: theirs never goes upstream (token passthrough is
  // forbidden); a local caller's own provider key does, when the provider has no configured key.
  const rampartCredential = new WeakSet<FastifyRequest>();
  app.register(async (scope) => {
    const authenticate = opts.authenticate;
    if (authenticate !== undefined) {
      scope.addHook('onRequest', async (req, reply) => {
        const r = await authenticate({ headers: req.headers, ip: req.ip });
        if (!isAuthFailure(r)) {
          req.principal = r;
          if (r.via !== 'local') rampartCredential.add(req);
          return undefined;
        }
        reply.hijack();
        if (r.wwwAuthenticate !== undefined) reply.raw.setHeader('www-authenticate', r.wwwAuthenticate);
        sendWireError(reply.raw, formatOf(req.url), r.code, r.message);
        return reply;
      });
    }
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: c.maxBodyBytes }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((e: { code?: string }, req, reply) => {
      const large = e.code === 'FST_ERR_CTP_BODY_TOO_LARGE';
      reply.hijack();
      sendWireError(reply.raw, formatOf(req.url), large ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', large ? `the request body is larger than ${c.maxBodyBytes} bytes` : 'the request body could not be read');
    });
    const forwarded = (req: FastifyRequest): FastifyRequest['headers'] => {
      if (!rampartCredential.has(req)) return req.headers;
      const headers = { ...req.headers };
      for (const h of CLIENT_CREDENTIAL_HEADERS) delete headers[h];
      return headers;
    };
    const serve = (format: WireFormat, inspect: boolean) => async (req: FastifyRequest, reply: { hijack(): void; raw: ServerResponse }) => {
      reply.hijack();
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      // Anthropic base URLs carry no /v1 (the path goes as received); OpenAI ones end in /v1.
      const upstreamPath = format === 'anthropic' ? req.url : req.url.slice(3);
      await serveLlm(gw, { format, inspect, upstreamPath, headers: forwarded(req), body, user: req.principal?.user, subject: req.principal }, reply.raw);
    };
    scope.post('/v1/messages', { bodyLimit: c.maxBodyBytes }, serve('anthropic', true));
    scope.post('/v1/messages/count_tokens', { bodyLimit: c.maxBodyBytes }, serve('anthropic', false));
    scope.post('/v1/chat/completions', { bodyLimit: c.maxBodyBytes }, serve('openai', true));
    scope.post('/v1/embeddings', { bodyLimit: c.maxBodyBytes }, async (req, reply) => {
      reply.hijack();
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      await serveEmbeddings(gw, { headers: forwarded(req), body, user: req.principal?.user, subject: req.principal }, reply.raw);
    });
    scope.post('/v1/responses', { bodyLimit: c.maxBodyBytes }, async (req, reply) => {
      reply.hijack();
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      await serveResponses(gw, { headers: forwarded(req), body, user: req.principal?.user, subject: req.principal }, reply.raw);
    });
    scope.get('/v1/models', async (req) => listModels(gw.routing, req.headers));
  });
}
