import type { EngineRecord, EventInput } from '../core/index.js';

/**
 * A stored record as the input that produced it, so a fresh engine can rebuild a session's state by replaying
 * it (local hook mode: every hook is a new process). Edge capabilities and edge findings (detector `hook`)
 * travel with it; the engine's own detectors run again.
 */
export function replayInput(rec: EngineRecord): EventInput {
  const e = rec.event;
  const base = { id: e.id, sessionId: e.sessionId, at: e.at, source: e.source, actor: e.actor };
  const edge = rec.findings.filter((f) => f.detector === 'hook');
  const findings = edge.length === 0 ? undefined : edge;
  switch (e.kind) {
    case 'tool.call':
      return { ...base, kind: 'tool.call', tool: e.tool, args: e.args, capabilities: e.capabilities, findings };
    case 'tool.result':
      return { ...base, kind: 'tool.result', tool: e.tool, content: e.content, isError: e.isError, capabilities: e.capabilities, findings };
    case 'prompt':
    case 'model.output':
      return { ...base, kind: e.kind, text: e.text };
    case 'tools.list':
      return { ...base, kind: 'tools.list', tools: e.tools };
    case 'hook':
      return { ...base, kind: 'hook', name: e.name, note: e.note, raw: e.raw };
    case 'session.start':
    case 'session.end':
      return { ...base, kind: e.kind };
  }
}
