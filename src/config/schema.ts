import { z } from 'zod';
import { CAPABILITIES } from '../core/index.js';
import { QUOTAS_DEFAULT, QuotasSchema } from './limits-schema.js';

/** One tool's configured classes: the highest authority on what a tool can do (DESIGN.md §3). */
const ToolConfigSchema = z
  .object({
    capabilities: z.array(z.enum(CAPABILITIES)),
    trusted: z.boolean().optional(),
  })
  .strict();

/** Validating OIDC bearer tokens issued by one identity provider (see `identity/oidc.ts`). */
const OidcConfigSchema = z
  .object({
    /** The issuer URL exactly as in its discovery document and in tokens' `iss`. */
    issuer: z.url(),
    /** This gateway's resource identifier(s) (RFC 8707); a token's `aud` must name one. */
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    userClaim: z.string().min(1).default('sub'),
    groupsClaim: z.string().min(1).default('groups'),
    /** Claim naming the user's team (LLM budgets per team); none by default. */
    teamClaim: z.string().min(1).optional(),
    clockSkewSeconds: z.number().int().min(0).max(300).default(30),
    jwksCooldownSeconds: z.number().min(0).default(30),
    /** Scopes every token must carry; also advertised as `scopes_supported`. */
    requiredScopes: z.array(z.string().min(1)).default([]),
  })
  .strict();

/**
 * Who may call the gateway. With no `oidc` and `required: false`, a server bound to loopback treats
 * credential-less requests as the `local` user (the demo needs no key); bound anywhere else it refuses to
 * start. API keys (`rampart keys create`) work in every mode.
 */
const IdentityConfigSchema = z
  .object({
    /** The gateway's public base URL (for RFC 9728 metadata); defaults to `http://<Host header>`. */
    publicUrl: z.url().optional(),
    /** Require a credential even on loopback (API keys only, unless `oidc` is set). */
    required: z.boolean().default(false),
    oidc: OidcConfigSchema.optional(),
    /** Members of this group (OIDC claim or API key group) may use the admin API. */
    adminGroup: z.string().min(1).optional(),
    /** Admin API token; prefer the `RAMPART_ADMIN_TOKEN` environment variable. At least 16 characters. */
    adminToken: z.string().min(16).optional(),
  })
  .strict();

/** Where each provider format's base URL points when none is configured (Gemini's public API; Bedrock's is per region). */
const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';

/** One upstream model provider. `format` is the wire format it speaks. */
const LlmProviderSchema = z
  .object({
    /**
     * `anthropic`: Messages API; `openai`: Chat Completions (OpenAI and OpenAI-compatible servers: vLLM, Ollama,
     * Groq, Together, Mistral, DeepSeek, OpenRouter, with their `baseUrl`); `azure`: Azure OpenAI (Chat
     * Completions on `/openai/deployments/{deployment}/…?api-version=…`, key in `api-key`); `gemini`: Google's
     * Generative Language API (`generateContent`, key in `x-goog-api-key`); `bedrock`: AWS Bedrock Runtime
     * Converse, SigV4-signed. A caller in another format is translated through OpenAI Chat Completions (always,
     * for `gemini` and `bedrock`: no inbound endpoint speaks them).
     */
    format: z.enum(['anthropic', 'openai', 'azure', 'gemini', 'bedrock']),
    /**
     * Base URL as the provider's SDK takes it: `https://api.anthropic.com` (the gateway appends `/v1/messages`),
     * `https://api.openai.com/v1` (the gateway appends `/chat/completions`). Optional for `gemini` (default
     * `https://generativelanguage.googleapis.com`) and `bedrock` (default `https://bedrock-runtime.{region}.amazonaws.com`;
     * set it for a VPC endpoint or a test server: the request is signed for the host it names).
     */
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** A key to attach upstream; absent: the caller's own credentials pass through. Prefer `apiKeyEnv`. */
    apiKey: z.string().min(1).optional(),
    /** The environment variable holding the key (read at startup). */
    apiKeyEnv: z.string().min(1).optional(),
    /** Upstream timeout for the response headers and between body chunks, in milliseconds. */
    timeoutMs: z.number().int().positive().default(600_000),
    /** Most keep-alive connections to this provider. */
    connections: z.number().int().positive().default(128),
    /** Azure: the `api-version` query parameter (required). Gemini: `v1beta` (default), `v1` or `v1alpha`. */
    apiVersion: z.string().min(1).optional(),
    /** Azure only: the deployment to call; absent, the model name sent for the target is the deployment name. */
    deployment: z.string().min(1).optional(),
    /** Bedrock only (required): the AWS region signed for and, without `baseUrl`, called. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region such as us-east-1')
      .optional(),
    /** Bedrock only: environment variables holding the credentials, read at startup (never the values in config). */
    accessKeyIdEnv: z.string().min(1).optional(),
    secretAccessKeyEnv: z.string().min(1).optional(),
    sessionTokenEnv: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const only = (format: string, keys: readonly (keyof typeof p)[]): void => {
      if (p.format !== format) for (const k of keys) if (p[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `${k} applies to ${format} providers only` });
    };
    if (p.format === 'azure' && p.apiVersion === undefined) ctx.addIssue({ code: 'custom', path: ['apiVersion'], message: 'an azure provider needs apiVersion (e.g. 2024-10-21)' });
    if (p.format === 'gemini' && p.apiVersion !== undefined && !['v1beta', 'v1', 'v1alpha'].includes(p.apiVersion)) {
      ctx.addIssue({ code: 'custom', path: ['apiVersion'], message: 'a gemini apiVersion is v1beta, v1 or v1alpha' });
    }
    if (p.format !== 'azure' && p.format !== 'gemini' && p.apiVersion !== undefined) ctx.addIssue({ code: 'custom', path: ['apiVersion'], message: 'apiVersion applies to azure and gemini providers only' });
    only('azure', ['deployment']);
    only('bedrock', ['region', 'accessKeyIdEnv', 'secretAccessKeyEnv', 'sessionTokenEnv']);
    if (p.format === 'bedrock') {
      if (p.region === undefined) ctx.addIssue({ code: 'custom', path: ['region'], message: 'a bedrock provider needs region (e.g. us-east-1)' });
      // Bedrock signs with AWS credentials; a static key would be silently ignored.
      for (const k of ['apiKey', 'apiKeyEnv'] as const) if (p[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `${k} does not apply to bedrock (credentials come from accessKeyIdEnv/secretAccessKeyEnv)` });
    }
    if (p.baseUrl === undefined && p.format !== 'gemini' && p.format !== 'bedrock') ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: `an ${p.format} provider needs baseUrl` });
  })
  .transform((p) => ({
    ...p,
    baseUrl: p.baseUrl ?? (p.format === 'bedrock' ? `https://bedrock-runtime.${p.region ?? 'us-east-1'}.amazonaws.com` : GEMINI_BASE_URL),
  }));

/** Retrying one target before the route moves on; unset fields take `llm.retry`'s, then the built-in defaults. */
const LlmRetrySchema = z
  .object({
    /** Extra tries on the same target (default 0: fallback to the next target is separate). */
    attempts: z.number().int().min(0).max(10).optional(),
    /** First backoff delay (default 500 ms), doubling per retry, minus up to 25% jitter. */
    initialDelayMs: z.number().int().min(0).optional(),
    /** Cap on a backoff delay (default 8 s). */
    maxDelayMs: z.number().int().min(0).optional(),
    /** Longest `Retry-After` honoured (default 30 s); an upstream asking for longer is fallen over from instead. */
    maxRetryAfterMs: z.number().int().min(0).optional(),
  })
  .strict();

/** A model's price, USD per million tokens. */
const LlmPriceSchema = z
  .object({ input: z.number().min(0), output: z.number().min(0), cacheRead: z.number().min(0).optional(), cacheWrite: z.number().min(0).optional() })
  .strict();

/** One target of a route: a provider, the model sent to it, and how it is tried. */
const LlmTargetSchema = z
  .object({
    provider: z.string().min(1),
    /** The model name sent upstream; absent: the name the caller asked for (after aliases). */
    model: z.string().min(1).optional(),
    /** Share of traffic under `strategy: weighted` (relative; default 1). */
    weight: z.number().positive().optional(),
    /** Overrides the provider's `timeoutMs` (response headers, and between body chunks). */
    timeoutMs: z.number().int().positive().optional(),
    retry: LlmRetrySchema.optional(),
    /** What this target charges: overrides the price table for `lowest-cost`, costs and budgets. */
    price: LlmPriceSchema.optional(),
  })
  .strict();

/** A status that triggers fallback: a code (`429`) or a class (`5xx`). */
const LlmStatusSchema = z.union([z.number().int().min(100).max(599), z.string().regex(/^[1-5]xx$/, 'expected a status code or a class such as "5xx"')]);

const STRATEGIES = ['fallback', 'weighted', 'lowest-latency', 'lowest-cost'] as const;

/**
 * One `llm.models` entry. Short form: `{ match, provider, model? }`. Route form: `{ match, when?, strategy?,
 * fallbackOn?, targets }`. `match` is an exact model name or a prefix ending in `*`.
 */
const LlmModelRouteSchema = z
  .object({
    match: z.string().min(1),
    provider: z.string().min(1).optional(),
    /** Renames the model upstream (short form). */
    model: z.string().min(1).optional(),
    /** Taken only when the request's metadata (body `metadata`, `x-rampart-metadata` header) has these values. */
    when: z.object({ metadata: z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1)])) }).strict().optional(),
    strategy: z.enum(STRATEGIES).optional(),
    /** Upstream statuses that trigger a retry or the next target (default `[429, "5xx"]`; timeouts and connection errors always do). */
    fallbackOn: z.array(LlmStatusSchema).min(1).optional(),
    targets: z.array(LlmTargetSchema).min(1).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.targets === undefined) {
      if (m.provider === undefined) ctx.addIssue({ code: 'custom', path: ['provider'], message: 'either provider (one target) or targets (a route) is required' });
      for (const k of ['when', 'strategy', 'fallbackOn'] as const) {
        if (m[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `${k} needs targets (the route form)` });
      }
    } else {
      for (const k of ['provider', 'model'] as const) {
        if (m[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `${k} goes inside targets when targets is given` });
      }
    }
  })
  .transform((m) =>
    m.targets === undefined
      ? { match: m.match, provider: m.provider ?? '', model: m.model }
      : { match: m.match, when: m.when, strategy: m.strategy, fallbackOn: m.fallbackOn, targets: m.targets },
  );

/** When a target's circuit breaker opens: `failures` within `windowMs`; it then skips the target for `cooldownMs`. */
const LlmBreakerSchema = z
  .object({
    failures: z.number().int().positive().default(5),
    windowMs: z.number().int().positive().default(60_000),
    cooldownMs: z.number().int().positive().default(30_000),
  })
  .strict();

function matches(rule: string, model: string): boolean {
  return rule.endsWith('*') ? model.startsWith(rule.slice(0, -1)) : model === rule;
}

/**
 * The response cache (issue 5 §4). `exact`: a byte-identical request (canonical JSON, same tenant, same route,
 * same `stream` flag) is answered from the cache. `semantic`: also a request whose last user message is close in
 * meaning (cosine similarity of embeddings from `semantic.embeddingModel`) to a cached one with the same
 * everything else. Entries are scoped to the caller's identity and never shared across identities.
 */
const LlmCacheSchema = z
  .object({
    mode: z.enum(['exact', 'semantic']).default('exact'),
    /** `sqlite`: the data directory's database (survives restarts; memory when the store is in memory). */
    store: z.enum(['memory', 'sqlite']).default('memory'),
    ttlSeconds: z.number().int().positive().default(3600),
    /** Total bytes of cached replies kept; least recently used entries go first. */
    maxBytes: z.number().int().positive().default(64 * 1024 * 1024),
    /** Replies larger than this are not cached. */
    maxEntryBytes: z.number().int().positive().default(1024 * 1024),
    /** Requests with a `temperature` above this are neither answered from nor added to the cache; absent: no limit. */
    maxTemperature: z.number().min(0).optional(),
    /** Models (exact names or prefixes ending in `*`, as the caller names them) the cache covers; absent: all. */
    models: z.array(z.string().min(1)).min(1).optional(),
    semantic: z
      .object({
        /** A model routed by `llm.models` to an OpenAI-format provider that serves `/embeddings`. */
        embeddingModel: z.string().min(1),
        /** Cosine similarity at or above which a cached reply is served (0 to 1). */
        threshold: z.number().min(0).max(1).default(0.95),
        /** Most remembered embeddings, over all tenants (a linear scan per request over one context's). */
        maxEntries: z.number().int().positive().default(10_000),
        /** User messages longer than this (characters) are not embedded. */
        maxTextChars: z.number().int().positive().default(8_000),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.mode === 'semantic' && c.semantic === undefined) ctx.addIssue({ code: 'custom', path: ['semantic'], message: 'mode semantic needs semantic.embeddingModel' });
    if (c.maxEntryBytes > c.maxBytes) ctx.addIssue({ code: 'custom', path: ['maxEntryBytes'], message: 'maxEntryBytes is larger than maxBytes' });
  });

/** The LLM gateway (`/v1/messages`, `/v1/chat/completions`, `/v1/models`) and its routing. */
const LlmSchema = z
  .object({
    providers: z.record(z.string(), LlmProviderSchema).default({}),
    /** First match wins. */
    models: z.array(LlmModelRouteSchema).default([]),
    /** Names callers may use (`smart: claude-sonnet-4-5`), resolved before `models` is matched. */
    aliases: z.record(z.string().min(1), z.string().min(1)).default({}),
    /** Retry defaults for every target. */
    retry: LlmRetrySchema.default({}),
    breaker: LlmBreakerSchema.default({ failures: 5, windowMs: 60_000, cooldownMs: 30_000 }),
    /** Prices over the built-in table (for `lowest-cost`), USD per million tokens. */
    prices: z.record(z.string(), LlmPriceSchema).default({}),
    /** Largest request body accepted, in bytes (Claude Code sends long conversations with images). */
    maxBodyBytes: z.number().int().positive().default(32 * 1024 * 1024),
    /** Largest non-streaming upstream answer read, in bytes. */
    maxResponseBytes: z.number().int().positive().default(32 * 1024 * 1024),
    /** The response cache; absent: off. */
    cache: LlmCacheSchema.optional(),
  })
  .strict()
  .superRefine((llm, ctx) => {
    const provider = (name: string, path: (string | number)[]): void => {
      if (llm.providers[name] === undefined) ctx.addIssue({ code: 'custom', path, message: `no provider named ${name}` });
    };
    llm.models.forEach((m, i) => {
      if ('targets' in m) m.targets.forEach((t, j) => provider(t.provider, ['models', i, 'targets', j, 'provider']));
      else provider(m.provider, ['models', i, 'provider']);
    });
    for (const [alias, model] of Object.entries(llm.aliases)) {
      if (Object.hasOwn(llm.aliases, model)) ctx.addIssue({ code: 'custom', path: ['aliases', alias], message: `${alias} points at another alias (${model}); aliases resolve once` });
      else if (!llm.models.some((m) => matches(m.match, model))) ctx.addIssue({ code: 'custom', path: ['aliases', alias], message: `${model} matches no entry of llm.models` });
    }
    const embedding = llm.cache?.semantic?.embeddingModel;
    if (embedding !== undefined && llm.aliases[embedding] === undefined && !llm.models.some((m) => matches(m.match, embedding))) {
      ctx.addIssue({ code: 'custom', path: ['cache', 'semantic', 'embeddingModel'], message: `${embedding} matches no entry of llm.models` });
    }
  });
/** How the gateway reaches one upstream MCP server. */
const McpTransportSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('stdio'),
      command: z.string().min(1),
      args: z.array(z.string()).default([]),
      env: z.record(z.string(), z.string()).default({}),
      cwd: z.string().optional(),
    })
    .strict(),
  z.object({ type: z.literal('http'), url: z.url(), headers: z.record(z.string(), z.string()).default({}) }).strict(),
  z.object({ type: z.literal('sse'), url: z.url(), headers: z.record(z.string(), z.string()).default({}) }).strict(),
]);

/** Approval of one upstream tool: `approved: false` hides it; `pin` is the approved definition hash. */
const McpToolApprovalSchema = z
  .object({
    approved: z.boolean().default(true),
    pin: z.string().regex(/^[0-9a-f]{64}$/, 'pin must be a sha256 hex digest').optional(),
  })
  .strict();

/** An upstream server's name: short, and safe as a path segment and a tool-name prefix. */
export const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
/** A reference to one thing on one server in a virtual server's lists: `server/name`. */
const SERVER_REF = /^[^/]+\/.+$/;

/**
 * How the gateway hands an upstream server the credential it holds for it (`rampart credentials set`):
 * as a header on every HTTP request of a call (the calling user's own credential, else the server's shared
 * one), or, for a stdio server, as an environment variable at spawn (the shared one). `required`: a call
 * with no stored credential is refused instead of sent without one.
 */
const McpCredentialSchema = z.discriminatedUnion('inject', [
  z
    .object({
      inject: z.literal('header'),
      header: z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be an HTTP header name').default('authorization').transform((h) => h.toLowerCase()),
      prefix: z.string().default('Bearer '),
      required: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      inject: z.literal('env'),
      env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'),
      required: z.boolean().default(false),
    })
    .strict(),
]);

export type McpCredentialConfig = z.infer<typeof McpCredentialSchema>;

/** One approved (or not) upstream MCP server. */
export const McpServerSchema = z
  .object({
    transport: McpTransportSchema,
    approved: z.boolean().default(true),
    /** Per-tool approval state; tools not listed are approved when `approveNewTools` is true. */
    tools: z.record(z.string(), McpToolApprovalSchema).default({}),
    approveNewTools: z.boolean().default(true),
    credential: McpCredentialSchema.optional(),
  })
  .strict()
  .superRefine((server, ctx) => {
    const c = server.credential;
    if (c === undefined) return;
    const stdio = server.transport.type === 'stdio';
    if (c.inject === 'env' && !stdio) ctx.addIssue({ code: 'custom', message: 'inject: env is for stdio servers; use inject: header', path: ['credential', 'inject'] });
    if (c.inject === 'header' && stdio) ctx.addIssue({ code: 'custom', message: 'a stdio server takes its credential as inject: env', path: ['credential', 'inject'] });
  });

/** The MCP gateway (issue 4): upstream servers, virtual servers and downstream limits. */
const McpSchema = z
  .object({
    servers: z
      .record(z.string(), McpServerSchema)
      .default({})
      .superRefine((servers, ctx) => {
        for (const name of Object.keys(servers)) {
          if (!SERVER_NAME.test(name)) ctx.addIssue({ code: 'custom', message: `server name "${name}" must match ${SERVER_NAME.source}`, path: [name] });
        }
      }),
    /**
     * Named sets drawn from several servers, served at `/mcp/<name>`: tools and prompts unprefixed (`server/name`),
     * resources and templates by `server/<uri or uri template>`; `server/*` takes all of a server's prompts or resources.
     */
    virtualServers: z
      .record(
        z.string().regex(SERVER_NAME),
        z
          .object({
            tools: z.array(z.string().regex(SERVER_REF, 'expected server/tool')).default([]),
            prompts: z.array(z.string().regex(SERVER_REF, 'expected server/prompt or server/*')).default([]),
            resources: z.array(z.string().regex(SERVER_REF, 'expected server/uri or server/*')).default([]),
          })
          .strict(),
      )
      .default({}),
    /** Browser origins allowed to call `/mcp` (DNS-rebinding defence); requests without `Origin` are allowed. */
    allowedOrigins: z.array(z.string()).default([]),
    /** Longest wait for one upstream call before the client gets a timeout error. */
    callTimeoutMs: z.number().int().positive().default(60_000),
    /** Downstream sessions idle longer than this are closed; their id then answers 404. */
    sessionIdleMinutes: z.number().positive().default(30),
    maxSessions: z.number().int().positive().default(10_000),
  })
  .strict();

export type McpConfig = z.infer<typeof McpSchema>;
export type McpServerConfig = z.infer<typeof McpServerSchema>;

/**
 * The gateway's configuration file (YAML). One schema, validated once, then frozen (STYLE.md §6).
 * Paths in `policies` are relative to the config file.
 */
export const ConfigSchema = z
  .object({
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8787),
        /** Largest request body accepted, in bytes. */
        maxBodyBytes: z.number().int().positive().default(4 * 1024 * 1024),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 8787, maxBodyBytes: 4 * 1024 * 1024 }),
    /** Where the store lives: a directory (SQLite) or `:memory:`. */
    data: z.string().default('.rampart'),
    /** Policy files; empty means the default pack. */
    policies: z.array(z.string()).default([]),
    /** Hosts that Markdown images and links may point at without an exfiltration finding. */
    allowedHosts: z.array(z.string()).default([]),
    /** Per-tool configuration, keyed `server/name`, `server/*` or `name`. */
    tools: z.record(z.string(), ToolConfigSchema).default({}),
    /** Agent hooks (`POST /v1/hooks/:agent`). */
    hooks: z
      .object({
        /** What a hook delivery that cannot be evaluated gets when the shim sends no `x-rampart-fail` header. */
        fail: z.enum(['closed', 'open']).default('closed'),
        /** Largest hook body accepted, in bytes: room for a 50 MB tool output after JSON escaping. */
        maxBodyBytes: z.number().int().positive().default(128 * 1024 * 1024),
      })
      .strict()
      .default({ fail: 'closed', maxBodyBytes: 128 * 1024 * 1024 }),
    /** Approved things. Issue 4 grows this; today it lists the MCP servers agents may use. */
    registry: z
      .object({
        /**
         * Approved MCP servers. A tool from a server not listed raises a shadow-server finding (only once the
         * list is non-empty: with no registry there is nothing to compare against). Agents that do not name
         * the server (Cursor) are matched by `url` or `command`.
         */
        servers: z
          .array(z.object({ name: z.string().min(1), url: z.string().optional(), command: z.string().optional() }).strict())
          .default([]),
      })
      .strict()
      .default({ servers: [] }),
    identity: IdentityConfigSchema.default({ required: false }),
    llm: LlmSchema.default({
      providers: {},
      models: [],
      aliases: {},
      retry: {},
      breaker: { failures: 5, windowMs: 60_000, cooldownMs: 30_000 },
      prices: {},
      maxBodyBytes: 32 * 1024 * 1024,
      maxResponseBytes: 32 * 1024 * 1024,
    }),
    /** Budgets and RPM/TPM limits per team, user and model (keys carry their own). */
    quotas: QuotasSchema.default(QUOTAS_DEFAULT),
    mcp: McpSchema.default({ servers: {}, virtualServers: {}, allowedOrigins: [], callTimeoutMs: 60_000, sessionIdleMinutes: 30, maxSessions: 10_000 }),
    /**
     * OpenTelemetry traces: GenAI spans for model requests and MCP tool calls, sent over OTLP/HTTP when an
     * endpoint is set here or in `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` / `OTEL_EXPORTER_OTLP_ENDPOINT`.
     */
    observability: z
      .object({
        otlp: z
          .object({
            /** The collector's traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. */
            endpoint: z.url().optional(),
            headers: z.record(z.string(), z.string()).default({}),
            serviceName: z.string().min(1).default('rampart'),
          })
          .strict()
          .default({ headers: {}, serviceName: 'rampart' }),
      })
      .strict()
      .default({ otlp: { headers: {}, serviceName: 'rampart' } }),
    limits: z
      .object({
        maxSessions: z.number().int().positive().default(50_000),
        idleMinutes: z.number().positive().default(30),
      })
      .strict()
      .default({ maxSessions: 50_000, idleMinutes: 30 }),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
export type IdentityConfig = Config['identity'];
