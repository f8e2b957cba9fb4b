import { ModelRouter, type ProviderRef, type RouteRule } from './router.js';
import { SeenTurns } from './seen-turns.js';
import type { LlmGateway } from './gateway.js';
import type { ProcessEvent } from './tool-gate.js';
import { createUpstream, type UpstreamConfig, type UpstreamTarget } from './upstream.js';

/** The `llm` configuration section, as far as the gateway reads it. */
export interface LlmConfig {
  readonly providers: Readonly<Record<string, UpstreamConfig>>;
  readonly models: readonly RouteRule[];
  readonly maxBodyBytes: number;
  readonly maxResponseBytes: number;
}

/** Builds the gateway at startup: one pool per provider, the compiled router, the turn counter. */
export function createLlmGateway(c: LlmConfig, process: ProcessEvent, env: NodeJS.ProcessEnv = globalThis.process.env): LlmGateway & { close(): Promise<void> } {
  const upstreams = new Map<string, UpstreamTarget>();
  const refs = new Map<string, ProviderRef>();
  for (const [id, p] of Object.entries(c.providers)) {
    upstreams.set(id, createUpstream(id, p, env));
    refs.set(id, { id, format: p.format });
  }
  return {
    process,
    router: new ModelRouter(c.models, refs),
    upstreams,
    seen: new SeenTurns(),
    maxResponseBytes: c.maxResponseBytes,
    async close() {
      await Promise.all([...upstreams.values()].map((u) => u.pool.close()));
    },
  };
}
