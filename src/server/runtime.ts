import { err, ok, type LlmCacheStore, type LlmRequestSink, type Result } from '../core/index.js';
import { McpServerSchema, type Config, type McpServerConfig } from '../config/schema.js';
import type { Engine } from '../engine/engine.js';
import { createIdentity, type Identity } from '../identity/identity.js';
import { loadVaultKeys } from '../secrets/vault-keys.js';
import { CredentialCache } from '../secrets/credential-cache.js';
import { Vault } from '../secrets/vault.js';
import { AccessControl } from '../mcp/access.js';
import { McpGateway } from '../mcp/gateway.js';
import { PinBook } from '../mcp/pin-book.js';
import { toolPinDetector } from '../mcp/pin-detector.js';
import { Registry } from '../mcp/registry.js';
import { openStore } from '../store/open-store.js';
import { MAX_PAGE, type Store } from '../store/store.js';
import { BatchWriter } from '../store/writer.js';
import { countingCallSink, countingLlmSink, countingSink, Metrics } from '../observability/metrics.js';
import { Tracing, type TracingTarget } from '../observability/tracing.js';
import { CallWriter } from '../store/call-writer.js';
import { RequestLogWriter } from '../store/request-log-writer.js';
import { LlmRequestWriter } from '../store/llm-request-writer.js';
import { SqliteStore } from '../store/sqlite.js';
import type { RoutingClock } from '../llm/routing/clock.js';
import type { Quota } from '../llm/quota/quota.js';
import type { SpendWriter } from '../store/spend-writer.js';
import { createQuota } from './create-quota.js';
import { createEngine, loadPolicyDocs } from './engine-setup.js';

export { createEngine, DEFAULT_POLICY_PATH, loadPolicies, loadPolicyDocs } from './engine-setup.js';

/**
 * MCP servers registered through the admin API. An entry that no longer validates (the schema moved on) is
 * skipped with a warning rather than keeping the gateway from starting.
 */
async function storedServers(store: Store): Promise<Map<string, McpServerConfig>> {
  const out = new Map<string, McpServerConfig>();
  for (const r of await store.listMcpServers()) {
    let json: unknown;
    try {
      json = JSON.parse(r.config);
    } catch {
      json = undefined;
    }
    const parsed = McpServerSchema.safeParse(json);
    if (parsed.success) out.set(r.name, parsed.data);
    else process.emitWarning(`rampart: stored MCP server "${r.name}" is not a valid entry and was skipped`);
  }
  return out;
}

/** Most stored sessions whose numbering a restarted gateway resumes (the most recently active ones). */
const RESUME_SESSIONS = 50_000;

/**
 * Where each recently active stored session's numbering continues, read once at startup: the engine's session
 * state is in memory, the store's rows are not, and a continuing session must not reuse a stored seq.
 */
export async function storedSeqs(store: Store): Promise<ReadonlyMap<string, number>> {
  const next = new Map<string, number>();
  let before: { lastSeenAt: number; id: string } | undefined;
  while (next.size < RESUME_SESSIONS) {
    const page = await store.listSessions(before === undefined ? { limit: MAX_PAGE } : { limit: MAX_PAGE, before });
    for (const s of page) next.set(s.id, s.lastSeq + 1);
    const last = page.at(-1);
    if (last === undefined || page.length < MAX_PAGE) break;
    before = { lastSeenAt: last.lastSeenAt, id: last.id };
  }
  return next;
}

/** Everything a running gateway holds; `close` flushes the store writer and closes the store. */
export interface Runtime {
  readonly config: Config;
  readonly engine: Engine;
  readonly store: Store;
  readonly writer: BatchWriter;
  /** API keys, OIDC and the admin guard; `identity.local` in loopback-only local mode. */
  readonly identity: Identity;
  /** Upstream credentials, encrypted at rest; the key is loaded (or created) on first use. */
  readonly vault: Vault;
  /** MCP tool-call audit rows, batched like records. */
  readonly calls: CallWriter;
  /** Every HTTP request answered, batched like records. */
  readonly requests: RequestLogWriter;
  /** Every model request the LLM gateway served (tokens, cost, latency), batched like records. */
  readonly llmRequests: LlmRequestWriter;
  /** What the LLM routes record each request into: the writer, counted by the metrics. */
  readonly llmLog: LlmRequestSink;
  /** The durable LLM response cache, when `llm.cache.store` is `sqlite` and the store is SQLite. */
  readonly llmCacheStore: LlmCacheStore | undefined;
  readonly mcp: McpGateway;
  readonly registry: Registry;
  /** Prometheus metrics, served at `GET /metrics`. */
  readonly metrics: Metrics;
  /** Time for LLM routing (breakers, backoff); undefined: the system clock. Tests inject one. */
  readonly routingClock?: RoutingClock | undefined;
  /** Budgets and RPM/TPM limits of the LLM gateway; spend read back from the store at startup. */
  readonly quota: Quota;
  /** Settled spend, batched into the store like records. */
  readonly spend: SpendWriter;
  close(): Promise<void>;
}

/**
 * How long an engine record may wait for company, and how many go in one transaction. The audit tables are keyed
 * by session (`events`, `decisions`, the audit index), so each commit rewrites a page per busy session whatever
 * its size: under load that, not the rows, is most of the writer thread's work, and 200 ms batches cost about a
 * third less per record than 50 ms ones. Records are durable this much later (a clean shutdown flushes them).
 */
const AUDIT_FLUSH_MS = 200;
const AUDIT_MAX_BATCH = 2000;

/** The composition root: policy, store, batched writer and engine, from one configuration. */
export async function createRuntime(
  config: Config,
  opts: {
    readonly routingClock?: RoutingClock | undefined;
    /** Where spans go instead of the configured OTLP endpoint (tests). */
    readonly tracing?: TracingTarget | undefined;
  } = {},
): Promise<Result<Runtime, readonly string[]>> {
  const loaded = await loadPolicyDocs(config.policies);
  if (!loaded.ok) return loaded;
  const policy = ok(loaded.value.policy);
  const store = await openStore({ data: config.data, appendThread: true });
  const { host, port } = config.server;
  const identity = createIdentity({
    config: config.identity,
    store,
    host,
    fallbackBase: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    onWarning: (m) => process.emitWarning(`rampart: ${m}`),
  });
  if (!identity.ok) {
    await store.close();
    return err([identity.error]);
  }
  const quotas = await createQuota(config, store);
  if (!quotas.ok) {
    await store.close();
    return err([quotas.error]);
  }
  const { quota, spend } = quotas.value;
  const writer = new BatchWriter({
    store,
    flushMs: AUDIT_FLUSH_MS,
    maxBatch: AUDIT_MAX_BATCH,
    onError: (e) => process.emitWarning(`rampart: store write failed: ${e instanceof Error ? e.message : String(e)}`),
  });
  const resume = await storedSeqs(store);
  const pins = new PinBook(config.mcp, {
    stored: await store.listToolPins(),
    persist: (pin) => {
      store.putToolPin(pin).catch((e: unknown) => process.emitWarning(`rampart: storing the pin of ${pin.server}/${pin.tool} failed: ${e instanceof Error ? e.message : String(e)}`));
    },
  });
  // Gauges read the engine, the registry and the gateway at scrape time (all built below by then).
  const metrics: Metrics = new Metrics({
    engine: () => engine.stats(),
    upstreams: () => [...registry.upstreams].map(([name, u]) => [name, u.state] as const),
    mcpSessions: (): number => mcp.sessions,
    store: () => writer.stats,
  });
  const engine = createEngine({
    config,
    policy: policy.value,
    sink: countingSink(metrics, writer),
    firstSeq: (id) => resume.get(id) ?? 0,
    extraDetectors: [toolPinDetector((server, tool) => pins.get(server, tool))],
  });
  const vault = new Vault({ store, keys: () => loadVaultKeys({ data: config.data }) });
  const credentials = new CredentialCache({ inner: vault });
  vault.onChange(() => credentials.clear());
  const registry = new Registry({ config: config.mcp, engine, pins, credentials, added: await storedServers(store) });
  await registry.start();
  const calls = new CallWriter({
    store,
    onError: (e) => process.emitWarning(`rampart: tool-call audit write failed: ${e instanceof Error ? e.message : String(e)}`),
  });
  const otlp = config.observability.otlp;
  const tracingTarget: TracingTarget | undefined = opts.tracing ?? (otlp.endpoint === undefined ? undefined : { kind: 'otlp', endpoint: otlp.endpoint, headers: otlp.headers });
  const tracing = tracingTarget === undefined ? undefined : new Tracing(tracingTarget, otlp.serviceName);
  const llmRequests = new LlmRequestWriter({
    store,
    onError: (e) => process.emitWarning(`rampart: LLM request log write failed: ${e instanceof Error ? e.message : String(e)}`),
  });
  const requests = new RequestLogWriter({
    store,
    onError: (e) => process.emitWarning(`rampart: request log write failed: ${e instanceof Error ? e.message : String(e)}`),
  });
  const mcp = new McpGateway({ registry, engine, access: new AccessControl(loaded.value.access), config: config.mcp, calls: countingCallSink(metrics, calls, tracing) });
  return ok({
    config,
    engine,
    store,
    writer,
    identity: identity.value,
    vault,
    calls,
    requests,
    llmRequests,
    llmLog: countingLlmSink(metrics, llmRequests, tracing),
    llmCacheStore: config.llm.cache?.store === 'sqlite' && store instanceof SqliteStore ? store.llmCache({ maxBytes: config.llm.cache.maxBytes }) : undefined,
    mcp,
    registry,
    metrics,
    routingClock: opts.routingClock,
    quota,
    spend,
    async close() {
      await mcp.close();
      await registry.close();
      await calls.flush();
      await requests.flush();
      await llmRequests.flush();
      await spend.flush();
      await quotas.value.close();
      await tracing?.close();
      await writer.flush();
      await writer.close();
      await store.close();
    },
  });
}
