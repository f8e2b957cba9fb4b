import type { AgentSpec, HookEvent } from './agent-spec.js';
import { ourHandler } from './ours.js';
import { isJsonObject, type Json, type JsonObject } from './types.js';

/** Our handler for each event, in the agent's format. */
export type OurEntries = ReadonlyMap<HookEvent, JsonObject>;

/** Drops our handlers from one event's list, keeping the user's; `changed` says whether any were ours. */
function pruneEvent(spec: AgentSpec, list: readonly Json[]): { list: Json[]; changed: boolean } {
  let changed = false;
  const out: Json[] = [];
  for (const item of list) {
    if (!isJsonObject(item)) {
      out.push(item);
      continue;
    }
    if (spec.layout === 'flat') {
      if (ourHandler(spec, item) !== undefined) changed = true;
      else out.push(item);
      continue;
    }
    const hooks = item['hooks'];
    if (!Array.isArray(hooks)) {
      out.push(item);
      continue;
    }
    const kept = (hooks as readonly Json[]).filter((h) => !isJsonObject(h) || ourHandler(spec, h) === undefined);
    if (kept.length === hooks.length) {
      out.push(item);
      continue;
    }
    changed = true;
    // A group that held only our handlers goes; a group the user shares with us keeps its own handlers.
    if (kept.length > 0) out.push({ ...item, hooks: kept });
  }
  return { list: out, changed };
}

/**
 * The settings document without any of our handlers, every other key, event, group and handler kept as
 * it was. An event list or `hooks` object that only we filled is removed; one the user had stays.
 */
export function withoutOurs(spec: AgentSpec, doc: JsonObject): { doc: JsonObject; removed: boolean } {
  const hooks = doc['hooks'];
  if (!isJsonObject(hooks)) return { doc, removed: false };
  let removed = false;
  const next: Record<string, Json> = {};
  for (const [event, list] of Object.entries(hooks)) {
    if (!Array.isArray(list)) {
      next[event] = list;
      continue;
    }
    const pruned = pruneEvent(spec, list as readonly Json[]);
    removed ||= pruned.changed;
    if (pruned.changed && pruned.list.length === 0) continue;
    next[event] = pruned.list;
  }
  if (!removed) return { doc, removed: false };
  const out: Record<string, Json> = { ...doc };
  if (Object.keys(next).length === 0) delete out['hooks'];
  else out['hooks'] = next;
  return { doc: out, removed: true };
}

/**
 * The settings document with exactly our handlers: any earlier ones of ours are dropped first (so running
 * install twice changes nothing) and ours are appended after the user's, which keep their order.
 * Throws nothing; refuses nothing: the caller has checked `hooks` is an object or absent.
 */
export function withOurs(spec: AgentSpec, doc: JsonObject, entries: OurEntries): JsonObject {
  const base = withoutOurs(spec, doc).doc;
  const out: Record<string, Json> = { ...spec.rootDefaults, ...base };
  const prior = out['hooks'];
  const hooks: Record<string, Json> = isJsonObject(prior) ? { ...prior } : {};
  for (const [event, handler] of entries) {
    const existing = hooks[event.name];
    const list: Json[] = Array.isArray(existing) ? [...(existing as readonly Json[])] : [];
    if (spec.layout === 'flat') list.push(handler);
    else list.push(event.tool && spec.toolMatcher !== undefined ? { matcher: spec.toolMatcher, hooks: [handler] } : { hooks: [handler] });
    hooks[event.name] = list;
  }
  out['hooks'] = hooks;
  return out;
}

/** Why a settings document cannot take our hooks, or undefined when it can. */
export function shapeProblem(spec: AgentSpec, doc: Json): string | undefined {
  if (!isJsonObject(doc)) return 'the file does not hold a JSON object';
  const hooks = doc['hooks'];
  if (hooks === undefined) return undefined;
  if (!isJsonObject(hooks)) return '"hooks" is not an object';
  for (const e of spec.events) {
    const list = hooks[e.name];
    if (list !== undefined && !Array.isArray(list)) return `"hooks.${e.name}" is not a list`;
  }
  return undefined;
}
