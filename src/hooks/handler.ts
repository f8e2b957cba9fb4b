import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_LIMITS, type Engine } from '../engine/engine.js';
import { isAuthFailure, type Authenticator, type Principal } from '../identity/principal.js';
import type { Store } from '../store/store.js';
import { isAgentName } from './agents.js';
import { CoverageTracker } from './coverage.js';
import { FAIL_HEADER, parseFailMode, type FailMode } from './fail-mode.js';
import { failReply } from './fail-reply.js';
import { handleHook, type HookResult } from './handle.js';
import { EXIT_HEADER, STDERR_HEADER, type HookReply } from './hook-reply.js';
import { normalizeTool } from './native-tools.js';
import { McpRegistry, type RegistryServer } from './registry.js';

/** Headers the shim adds: who runs the agent, on which machine. */
export const USER_HEADER = 'x-rampart-user';
export const HOST_HEADER = 'x-rampart-host';

/** What the hook routes need from the composition root (the server's `Runtime` fits it as is). */
export interface HookRuntime {
  readonly engine: Engine;
  readonly store: Store;
  readonly config: {
    /** `fail`: the answer when a delivery carries no `x-rampart-fail` header (Claude Code HTTP hooks). */
    readonly hooks: { readonly fail: FailMode; readonly maxBodyBytes: number };
    readonly registry: { readonly servers: readonly RegistryServer[] };
  };
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s.slice(0, 256);
}

/** A header the shim URI-encodes (user and host names may hold any character). */
function decoded(req: FastifyRequest, name: string): string | undefined {
  const v = header(req, name);
  // An HTTP hook sends an empty value when the variable it names is not set.
  if (v === undefined || v === '') return undefined;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

function send(reply: FastifyReply, r: HookReply): FastifyReply {
  // 200 always: Claude Code's HTTP hooks treat any other status as a non-blocking error (fail open).
  return reply
    .status(200)
    .header('content-type', 'application/json; charset=utf-8')
    .header(EXIT_HEADER, String(r.exitCode))
    .header(STDERR_HEADER, encodeURIComponent(r.stderr))
    .send(r.stdout);
}

/**
 * `POST /v1/hooks/:agent` (the agent's JSON in, its reply out); the coverage it notes is read at `GET /admin/v1/coverage`. The hook route reads its
 * body as text with its own limit (a 50 MB tool output must fit), so malformed JSON reaches the adapter and is
 * answered in the agent's format instead of a generic 400; a body over the limit is recorded and answered per
 * the fail mode. Returns the coverage tracker so the caller flushes it at shutdown.
 */
export function registerHookRoutes(
  app: FastifyInstance,
  rt: HookRuntime,
  opts2: { readonly now?: (() => number) | undefined; readonly authenticate?: Authenticator | undefined } = {},
): CoverageTracker {
  const now = opts2.now ?? Date.now;
  const principals = new WeakMap<FastifyRequest, Principal>();
  // An authenticated caller is who it says; a local one (loopback, no identity configured) names itself.
  const userOf = (req: FastifyRequest): string | undefined => {
    const p = principals.get(req);
    return p !== undefined && p.via !== 'local' ? p.user : decoded(req, USER_HEADER);
  };
  const opts = { engine: rt.engine, store: rt.store, fail: rt.config.hooks.fail, maxBodyBytes: rt.config.hooks.maxBodyBytes };
  const registry = new McpRegistry(rt.config.registry.servers);
  const coverage = new CoverageTracker({
    store: opts.store,
    onError: (e) => process.emitWarning(`rampart: coverage write failed: ${e instanceof Error ? e.message : String(e)}`),
  });
  const deps = {
    process: (input: Parameters<Engine['process']>[0]) => opts.engine.process(input),
    tool: (t: Parameters<typeof normalizeTool>[0]) => normalizeTool(t, registry),
    maxContentChars: DEFAULT_LIMITS.maxContentChars,
  };
  const noteCoverage = (req: FastifyRequest, r: HookResult): void => {
    if (r.agent === undefined) return;
    coverage.note(r.agent, userOf(req) ?? r.payloadUser ?? 'unknown', decoded(req, HOST_HEADER) ?? req.ip, now());
  };
  const failOf = (req: FastifyRequest): FailMode => parseFailMode(header(req, FAIL_HEADER)) ?? opts.fail;

  app.register(async (scope) => {
    const authenticate = opts2.authenticate;
    if (authenticate !== undefined) {
      // Before the body is read. A refused hook is answered in the agent's own format with status 200 (a 401
      // would make Claude Code's HTTP hooks fail open), per the fail mode, and stores nothing: an unknown
      // caller must not write into the audit.
      scope.addHook('onRequest', async (req, reply) => {
        const r = await authenticate({ headers: req.headers, ip: req.ip });
        if (!isAuthFailure(r)) {
          principals.set(req, r);
          return undefined;
        }
        const agent = (req.params as { agent?: string } | undefined)?.agent ?? '';
        if (req.method !== 'POST' || !isAgentName(agent)) {
          if (r.wwwAuthenticate !== undefined) void reply.header('www-authenticate', r.wwwAuthenticate);
          return reply.code(r.status).send({ error: { code: r.code, message: r.message, requestId: req.id } });
        }
        return send(reply, failReply({ agent, event: undefined, mode: failOf(req), reason: `the hook's credentials were refused (${r.message})` }));
      });
    }
    // Any content type, as text: agents differ, and a parse error must become the agent's reply, not a 400.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: opts.maxBodyBytes }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((e: { code?: string; statusCode?: number }, req, reply) => {
      // The body never arrived whole (too large, aborted): record the delivery and answer per the fail mode.
      const params = req.params as { agent?: string } | undefined;
      const problem = e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'too-large' : 'malformed';
      const r = handleHook({ agent: params?.agent ?? '', raw: '', user: userOf(req), fail: failOf(req), problem }, deps);
      noteCoverage(req, r);
      return send(reply, r.reply);
    });
    scope.post<{ Params: { agent: string } }>('/v1/hooks/:agent', { bodyLimit: opts.maxBodyBytes }, async (req, reply) => {
      const raw = typeof req.body === 'string' ? req.body : '';
      const r = handleHook({ agent: req.params.agent, raw, user: userOf(req), fail: failOf(req) }, deps);
      noteCoverage(req, r);
      return send(reply, r.reply);
    });
  });
  app.addHook('onClose', async () => coverage.flush());
  return coverage;
}
