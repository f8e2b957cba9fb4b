import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { EngineRecord, EventInput, LlmCacheStore, LlmRequestSink } from '../core/index.js';
import { isAuthFailure, type Authenticator, type Principal } from '../identity/principal.js';
import { CLIENT_CREDENTIAL_HEADERS } from '../identity/presented-credential.js';
import { createLlmGateway, type LlmConfig } from './create-gateway.js';
import { LLM_ENDPOINTS, llmEdge, type LlmEdgeOptions, type LlmEndpoint } from './edge.js';
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
 * Returns the same POST endpoints as a bare `node:http` handler (`llmEdge`), for the server to try first.
 */
export function registerLlmRoutes(
  app: FastifyInstance,
  rt: LlmRuntime,
  opts: { readonly authenticate?: Authenticator | undefined; readonly watch?: LlmEdgeOptions['watch'] } = {},
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const c = rt.config.llm;
  const gw = createLlmGateway(c, (input) => rt.engine.process(input), { clock: rt.routingClock, log: rt.llmLog, cacheStore: rt.llmCacheStore, quota: rt.quota });
  app.addHook('onClose', async () => gw.close());

  const serve = async (r: EndpointRequest, res: ServerResponse): Promise<void> => {
    // A Rampart credential never goes upstream (token passthrough is forbidden); a local caller's own provider
    // key does, when the provider has no configured key.
    const headers = r.principal === undefined || r.principal.via === 'local' ? r.headers : withoutCredentials(r.headers);
    const e = r.endpoint;
    const user = r.principal?.user;
    if (e.kind === 'embeddings') return serveEmbeddings(gw, { headers, body: r.body, user, subject: r.principal }, res);
    if (e.kind === 'responses') return serveResponses(gw, { headers, body: r.body, user, subject: r.principal }, res);
    // Anthropic base URLs carry no /v1 (the path goes as received); OpenAI ones end in /v1.
    const upstreamPath = e.format === 'anthropic' ? r.url : r.url.slice(3);
    // One literal, no spread: a spread plus added keys takes V8's slow property-definition path every call.
    return serveLlm(gw, { format: e.format, inspect: e.inspect, upstreamPath, headers, body: r.body, user, subject: r.principal }, res);
  };
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  // The same endpoints as framework routes, for `inject` and for a server the edge is not installed on.
  app.register(async (scope) => {
    const authenticate = opts.authenticate;
    if (authenticate !== undefined) {
      scope.addHook('onRequest', async (req, reply) => {
        const r = await authenticate({ headers: req.headers, ip: req.ip });
        if (!isAuthFailure(r)) {
          req.principal = r;
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
    for (const [path, endpoint] of LLM_ENDPOINTS) {
      scope.post(path, { bodyLimit: c.maxBodyBytes }, async (req, reply) => {
        reply.hijack();
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        await serve({ endpoint, url: req.url, headers: req.headers, body, principal: req.principal }, reply.raw);
      });
    }
    scope.get('/v1/models', async (req) => listModels(gw.routing, req.headers));
  });

  return llmEdge({
    authenticate: opts.authenticate,
    maxBodyBytes: c.maxBodyBytes,
    serve: (r, res) => serve({ endpoint: r.endpoint, url: r.url, headers: r.req.headers, body: r.body, principal: r.principal }, res),
    watch: opts.watch,
    closing: () => closing,
  });
}

/** One request for an LLM endpoint, from the edge or a framework route. */
interface EndpointRequest {
  readonly endpoint: LlmEndpoint;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly principal: Principal | undefined;
}

function withoutCredentials(h: IncomingHttpHeaders): IncomingHttpHeaders {
  const headers = { ...h };
  for (const name of CLIENT_CREDENTIAL_HEADERS) delete headers[name];
  return headers;
}
