import { finding, type AgentEvent, type Finding, type Severity, type ToolArgs, type ToolDefinition } from '../../core/index.js';

/** Most characters a detector reads from one event, so work stays bounded on huge inputs (1 MiB). */
export const MAX_SCAN_CHARS = 1 << 20;

/** Most findings one detector reports for one event. */
export const MAX_FINDINGS = 32;

// Candidates a validator may still reject (Luhn, entropy), so allow many more matches than findings.
export const MAX_MATCHES = 4096;
const MAX_DEPTH = 8;
const MAX_LEAVES = 512;

/**
 * One piece of text a detector scans. `arg` is the dotted argument path for tool calls, the tool name for
 * `tools.list`, and `undefined` for event text; `field` says which part of a tool definition it is.
 */
export interface ScanTarget {
  readonly arg: string | undefined;
  readonly field: string | undefined;
  readonly text: string;
}

/** Truncates text to the scan bound. */
export function bounded(text: string): string {
  return text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
}

/** The string leaves of tool-call arguments with their dotted paths (`headers.Authorization`, `urls.0`), bounded. */
export function argLeaves(args: ToolArgs): ScanTarget[] {
  const out: ScanTarget[] = [];
  walkLeaves(args, '', 0, out, MAX_SCAN_CHARS);
  return out;
}

/** Appends the string leaves under `value` to `out`; returns the character budget left. A plain recursion, no closure per call. */
function walkLeaves(value: unknown, path: string, depth: number, out: ScanTarget[], budget: number): number {
  if (out.length >= MAX_LEAVES || budget <= 0) return budget;
  if (typeof value === 'string') {
    const text = value.length > budget ? value.slice(0, budget) : value;
    if (text.length > 0) out.push({ arg: path, field: undefined, text });
    return budget - text.length;
  }
  // Depth bound also stops cycles, should a caller ever hand us a non-JSON object.
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return budget;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && out.length < MAX_LEAVES; i++) budget = walkLeaves(value[i], `${path}.${i}`, depth + 1, out, budget);
    return budget;
  }
  // for…in with an own-property check visits what Object.entries would, in the same order, without
  // allocating a [key, value] pair per property.
  const obj = value as Readonly<Record<string, unknown>>;
  for (const key in obj) {
    if (!Object.hasOwn(obj, key)) continue;
    if (out.length >= MAX_LEAVES) return budget;
    budget = walkLeaves(obj[key], path === '' ? key : `${path}.${key}`, depth + 1, out, budget);
  }
  return budget;
}

/** Descriptions a tool definition shows the model: its own, then its input schema's, with their paths. */
export function toolTexts(tools: readonly ToolDefinition[]): ScanTarget[] {
  const out: ScanTarget[] = [];
  let budget = MAX_SCAN_CHARS;
  const push = (tool: string, field: string, text: string): void => {
    if (budget <= 0 || out.length >= MAX_LEAVES || text.length === 0) return;
    const t = text.length > budget ? text.slice(0, budget) : text;
    budget -= t.length;
    out.push({ arg: tool, field, text: t });
  };
  const walkSchema = (tool: string, schema: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH || schema === null || typeof schema !== 'object' || Array.isArray(schema)) return;
    const s = schema as Record<string, unknown>;
    if (typeof s['description'] === 'string') push(tool, `${path}.description`, s['description']);
    if (typeof s['title'] === 'string') push(tool, `${path}.title`, s['title']);
    const props = s['properties'];
    if (props !== null && typeof props === 'object' && !Array.isArray(props)) {
      for (const [name, child] of Object.entries(props)) walkSchema(tool, child, `${path}.properties.${name}`, depth + 1);
    }
    if (s['items'] !== undefined) walkSchema(tool, s['items'], `${path}.items`, depth + 1);
  };
  for (const tool of tools) {
    if (out.length >= MAX_LEAVES || budget <= 0) break;
    push(tool.name, 'description', tool.description);
    walkSchema(tool.name, tool.inputSchema, 'inputSchema', 0);
  }
  return out;
}

// The last event's targets: four detectors read the same event in a row, and a tool call's argument walk
// (paths, leaves) is the same for each. Keyed by the event object, never by its content; holds one event.
let lastEvent: AgentEvent | undefined;
let lastTargets: readonly ScanTarget[] = [];

/** Everything in an event that a content detector reads, bounded to `MAX_SCAN_CHARS` in total. */
export function eventTargets(event: AgentEvent): readonly ScanTarget[] {
  if (event !== lastEvent) {
    // Not frozen: callers only read it (the type is readonly).
    lastTargets = targetsOf(event);
    lastEvent = event;
  }
  return lastTargets;
}

function targetsOf(event: AgentEvent): ScanTarget[] {
  switch (event.kind) {
    case 'prompt':
    case 'model.output':
      return [{ arg: undefined, field: undefined, text: bounded(event.text) }];
    case 'tool.result':
      return [{ arg: undefined, field: undefined, text: bounded(event.content) }];
    case 'tool.call':
      return argLeaves(event.args);
    case 'tools.list':
      return toolTexts(event.tools);
    case 'session.start':
    case 'session.end':
    case 'hook':
      return [];
  }
}

/**
 * Runs a global regex over text, resetting `lastIndex` before and after (regexes are shared module-level
 * objects; detectors are synchronous, so this is safe). Stops when `fn` returns false or after a fixed count.
 */
export function eachMatch(re: RegExp, text: string, fn: (m: RegExpExecArray) => boolean | void): void {
  re.lastIndex = 0;
  let seen = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    if (fn(m) === false || ++seen >= MAX_MATCHES) break;
  }
  re.lastIndex = 0;
}

/** Findings for one event, capped at `MAX_FINDINGS`, allocated only when something is found. */
export class FindingBag {
  #list: Finding[] | undefined;

  /** True once the cap is reached: callers stop scanning. */
  get full(): boolean {
    return this.#list !== undefined && this.#list.length >= MAX_FINDINGS;
  }

  /** Adds a finding unless the cap is reached. */
  add(f: Finding): void {
    if (!this.full) (this.#list ??= []).push(f);
  }

  /** The findings, or `undefined` when there are none (STYLE.md §5). */
  result(): readonly Finding[] | undefined {
    return this.#list;
  }
}

/** A match a text scanner reports: what it is, how bad, and where in the scanned text. */
export interface TextHit {
  readonly kind: string;
  readonly severity: Severity;
  readonly label: string;
  readonly start: number;
  readonly end: number;
  readonly excerpt: string;
}

/** Turns a scanner's hit in one scan target into a finding of `detector`. */
export function hitFinding(detector: string, target: ScanTarget, h: TextHit): Finding {
  return finding({ detector, kind: h.kind, severity: h.severity, message: h.label, arg: target.arg, span: { start: h.start, end: h.end }, excerpt: h.excerpt });
}
