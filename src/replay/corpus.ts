import { err, ok, type EventInput, type Result } from '../core/index.js';

/** One session of the corpus format (shared/corpus/README.md). `meta` is never read. */
export interface CorpusSession {
  readonly id: string;
  readonly events: readonly EventInput[];
}

/** Why a corpus line could not be used: the line number and the field at fault. */
export interface CorpusIssue {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

type Obj = { readonly [k: string]: unknown };

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Obj, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Maps one corpus event onto the engine's event kinds (DESIGN.md §5): `user_prompt` → `prompt`,
 * `tool_call` → `tool.call`, `tool_result` → `tool.result`, `model_response` → `model.output`.
 */
function toEvent(sessionId: string, e: unknown, field: string, line: number): Result<EventInput, CorpusIssue> {
  const bad = (f: string, message: string) => err<CorpusIssue>({ line, field: `${field}.${f}`, message });
  if (!isObj(e)) return err({ line, field, message: 'event must be an object' });
  const type = str(e, 'type');
  switch (type) {
    case 'user_prompt': {
      const text = str(e, 'text');
      return text === undefined ? bad('text', 'must be a string') : ok({ kind: 'prompt', sessionId, source: 'replay', text });
    }
    case 'model_response': {
      const text = str(e, 'text');
      return text === undefined ? bad('text', 'must be a string') : ok({ kind: 'model.output', sessionId, source: 'replay', text });
    }
    case 'tool_call': {
      const name = str(e, 'tool');
      if (name === undefined) return bad('tool', 'must be a string');
      const args = e['args'] ?? {};
      if (!isObj(args)) return bad('args', 'must be an object');
      const server = str(e, 'server');
      return ok({ kind: 'tool.call', sessionId, source: 'replay', tool: { server, name, callId: undefined }, args });
    }
    case 'tool_result': {
      const name = str(e, 'tool');
      if (name === undefined) return bad('tool', 'must be a string');
      const content = e['content'];
      const text = typeof content === 'string' ? content : JSON.stringify(content ?? null);
      return ok({
        kind: 'tool.result',
        sessionId,
        source: 'replay',
        tool: { server: str(e, 'server'), name, callId: undefined },
        content: text,
        isError: e['is_error'] === true,
      });
    }
    default:
      return bad('type', `unknown event type ${JSON.stringify(type ?? null)}; expected user_prompt, tool_call, tool_result or model_response`);
  }
}

/** Parses one JSONL line of the corpus format. Blank lines are the caller's to skip. */
export function parseCorpusLine(text: string, line: number): Result<CorpusSession, CorpusIssue> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return err({ line, field: '(line)', message: `not valid JSON: ${(e as Error).message}` });
  }
  if (!isObj(raw)) return err({ line, field: '(line)', message: 'a session must be a JSON object' });
  const id = str(raw, 'id');
  if (id === undefined || id.length === 0) return err({ line, field: 'id', message: 'must be a non-empty string' });
  const evs = raw['events'];
  if (!Array.isArray(evs)) return err({ line, field: 'events', message: 'must be an array' });
  const events: EventInput[] = [];
  for (let i = 0; i < evs.length; i++) {
    const r = toEvent(id, evs[i], `events[${i}]`, line);
    if (!r.ok) return r;
    events.push(r.value);
  }
  return ok({ id, events });
}
