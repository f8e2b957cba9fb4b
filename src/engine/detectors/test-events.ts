import type { AgentEvent, AnyDetector, EventOf, Finding, SessionView, ToolArgs } from '../../core/index.js';

// Test-only builders shared by the detector tests (not imported by production code).

const BASE = { id: 'e1', sessionId: 's1', seq: 1, at: 0, source: 'replay', actor: { user: undefined, agent: undefined } } as const;

/** A session view with nothing in it. */
export const SESSION: SessionView = { id: 's1', agent: undefined, startedAt: 0, eventCount: 0, labels: undefined };

/** A `tool.result` event carrying `content`. */
export function toolResult(content: string): EventOf<'tool.result'> {
  return { ...BASE, kind: 'tool.result', tool: { server: 'srv', name: 'fetch', callId: undefined }, content, isError: false, capabilities: [] };
}

/** A `tool.call` event to `name` with `args`. */
export function toolCall(args: ToolArgs, name = 'http_request'): EventOf<'tool.call'> {
  return { ...BASE, kind: 'tool.call', tool: { server: 'srv', name, callId: undefined }, args, capabilities: [] };
}

/** A `prompt` or `model.output` event. */
export function textEvent(kind: 'prompt' | 'model.output', text: string): AgentEvent {
  return { ...BASE, kind, text };
}

/** A `tools.list` event announcing `tools`. */
export function toolsList(tools: readonly { name: string; description: string; inputSchema?: unknown }[]): EventOf<'tools.list'> {
  return {
    ...BASE,
    kind: 'tools.list',
    tools: tools.map((t) => ({ server: 'srv', name: t.name, description: t.description, inputSchema: t.inputSchema ?? { type: 'object' }, annotations: undefined })),
  };
}

/**
 * A deterministic pseudo-random string over `alphabet`. Tests build fake credentials at run time so the
 * repository never holds a literal that looks like a live key (and trips push protection).
 */
export function randomToken(length: number, seed = 1, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
  let x = seed >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    // xorshift32: good enough spread for entropy checks, stable across runs.
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out += alphabet[x % alphabet.length] ?? 'A';
  }
  return out;
}

/** Runs a detector on one event with fresh state; `[]` when it reports nothing. */
export function run(detector: AnyDetector, event: AgentEvent): readonly Finding[] {
  return detector.inspect(event, detector.initState(), SESSION) ?? [];
}

/** The finding kinds a detector reports for one event. */
export function kinds(detector: AnyDetector, event: AgentEvent): string[] {
  return run(detector, event).map((f) => f.kind);
}
