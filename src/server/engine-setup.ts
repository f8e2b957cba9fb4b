import { fileURLToPath } from 'node:url';
import { err, ok, type AnyDetector, type Policy, type RecordSink, type Result } from '../core/index.js';
import type { Config } from '../config/schema.js';
import type { ToolOverride } from '../engine/capabilities.js';
import { defaultDetectors } from '../engine/detectors/index.js';
import { Engine } from '../engine/engine.js';
import { compilePolicy } from '../policy/compile.js';
import { formatIssue, loadPolicyFile } from '../policy/load.js';
import type { AccessRule, PolicyDocument } from '../policy/schema.js';

// The engine and its policy, built from configuration, apart from the rest of the runtime: the local hook
// runs this once per tool call in a fresh process, and importing the whole runtime (the MCP SDK, OTel,
// the Redis and PostgreSQL clients) cost it 1.5 s of the 2 s a call took.

/** The default policy pack shipped with the package. */
export const DEFAULT_POLICY_PATH = fileURLToPath(new URL('../../policies/default.yaml', import.meta.url));

/** Loads and compiles policy files (the default pack when none are given); issues name file, line and field. */
export async function loadPolicies(paths: readonly string[]): Promise<Result<Policy, readonly string[]>> {
  const r = await loadPolicyDocs(paths);
  return r.ok ? ok(r.value.policy) : r;
}

/** Like `loadPolicies`, also returning the files' MCP access rules in file order. */
export async function loadPolicyDocs(paths: readonly string[]): Promise<Result<{ policy: Policy; access: readonly AccessRule[] }, readonly string[]>> {
  const docs: PolicyDocument[] = [];
  const issues: string[] = [];
  for (const p of paths.length === 0 ? [DEFAULT_POLICY_PATH] : paths) {
    const r = await loadPolicyFile(p);
    if (r.ok) docs.push(r.value);
    else issues.push(...r.error.map(formatIssue));
  }
  return issues.length > 0 ? err(issues) : ok({ policy: compilePolicy(docs), access: docs.flatMap((d) => d.access) });
}

/** Builds an engine from configuration: the one place that picks detectors, tool overrides and limits. */
export function createEngine(opts: {
  config: Config;
  policy: Policy;
  sink?: RecordSink | undefined;
  now?: (() => number) | undefined;
  firstSeq?: ((sessionId: string) => number) | undefined;
  /** Detectors a surface adds (the MCP gateway's tool-pin detector). */
  extraDetectors?: readonly AnyDetector[] | undefined;
}): Engine {
  const { config } = opts;
  const tools = new Map<string, ToolOverride>();
  for (const [key, t] of Object.entries(config.tools)) tools.set(key, { capabilities: t.capabilities, trusted: t.trusted });
  return new Engine({
    policy: opts.policy,
    detectors: [...defaultDetectors({ allowedHosts: config.allowedHosts }), ...(opts.extraDetectors ?? [])],
    tools,
    limits: { maxSessions: config.limits.maxSessions, idleMs: config.limits.idleMinutes * 60_000 },
    sink: opts.sink,
    now: opts.now,
    firstSeq: opts.firstSeq,
    onInternalError: (where, e) => process.emitWarning(`rampart: ${where} failed: ${e instanceof Error ? e.message : String(e)}`),
  });
}
