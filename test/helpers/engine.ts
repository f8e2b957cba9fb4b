import type { EngineRecord, EventInput, RecordSink } from '../../src/core/index.js';
import { ConfigSchema } from '../../src/config/schema.js';
import type { Engine } from '../../src/engine/engine.js';
import { createEngine, loadPolicies } from '../../src/server/runtime.js';

/** An engine with the default pack and every detector, as the gateway builds it; `sink` optional. */
export async function defaultEngine(opts: { sink?: RecordSink; tools?: Record<string, unknown>; now?: () => number } = {}): Promise<Engine> {
  const policy = await loadPolicies([]);
  if (!policy.ok) throw new Error(policy.error.join('\n'));
  return createEngine({ config: ConfigSchema.parse({ tools: opts.tools ?? {} }), policy: policy.value, sink: opts.sink, now: opts.now });
}

/** Runs events in order, returning every record. */
export function run(engine: Engine, events: readonly EventInput[]): EngineRecord[] {
  return events.map((e) => engine.process(e));
}

/** Event builders for tests: every key present, as the engine expects. */
export const ev = {
  prompt: (sessionId: string, text: string): EventInput => ({ kind: 'prompt', sessionId, source: 'api', text }),
  call: (sessionId: string, server: string | undefined, name: string, args: Record<string, unknown>): EventInput => ({
    kind: 'tool.call',
    sessionId,
    source: 'api',
    tool: { server, name, callId: undefined },
    args,
  }),
  result: (sessionId: string, server: string | undefined, name: string, content: string): EventInput => ({
    kind: 'tool.result',
    sessionId,
    source: 'api',
    tool: { server, name, callId: undefined },
    content,
    isError: false,
  }),
};
