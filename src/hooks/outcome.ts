import type { EngineRecord, Redaction, ToolArgs } from '../core/index.js';
import type { HookOutcome, ParsedHook } from './hook-event.js';
import { replaceInStrings } from './flatten.js';

const RANK = { allow: 0, redact: 1, ask: 2, deny: 3 } as const;

function reasonOf(rec: EngineRecord): string {
  const d = rec.decision;
  switch (d.action) {
    case 'allow':
      return '';
    case 'deny':
      return `blocked by policy rule ${d.rule.id}: ${d.reason}`;
    case 'ask':
      return `policy rule ${d.rule.id} asks for approval: ${d.prompt}`;
    case 'redact':
      return `redacted by policy rule ${d.rule.id}: ${d.reason}`;
  }
}

function valueAt(args: ToolArgs, path: string): unknown {
  let v: unknown = args;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as { readonly [k: string]: unknown })[key];
  }
  return v;
}

/** The text each redaction covers, mapped to its replacement: applied to every string of the original. */
function pairs(rec: EngineRecord, redactions: readonly Redaction[]): Map<string, string> {
  const out = new Map<string, string>();
  const ev = rec.event;
  for (const r of redactions) {
    let text: unknown;
    if (ev.kind === 'tool.call') text = r.arg === undefined ? undefined : valueAt(ev.args, r.arg);
    else if (ev.kind === 'tool.result') text = r.arg === undefined ? ev.content : undefined;
    else if (ev.kind === 'prompt' || ev.kind === 'model.output') text = ev.text;
    if (typeof text !== 'string') continue;
    const from = text.slice(r.start, r.end);
    if (from !== '') out.set(from, r.replacement);
  }
  return out;
}

/**
 * The decision for a whole delivery: the strongest of its records' decisions (deny > ask > redact > allow),
 * and for a redaction the rewritten output or arguments, built by replacing the redacted text wherever it
 * occurs in what the agent sent, so the rewrite keeps the tool's own shape.
 */
export function outcomeOf(parsed: ParsedHook, records: readonly EngineRecord[]): HookOutcome {
  let strongest: EngineRecord | undefined;
  for (const r of records) if (r.decision.action !== 'allow' && (strongest === undefined || RANK[r.decision.action] > RANK[strongest.decision.action])) strongest = r;
  if (strongest === undefined) return { action: 'allow', reason: '', output: undefined, outputText: undefined, args: undefined };
  const d = strongest.decision;
  const reason = reasonOf(strongest);
  if (d.action !== 'redact') return { action: d.action, reason, output: undefined, outputText: undefined, args: undefined };
  const map = pairs(strongest, d.redactions);
  const ev = strongest.event;
  if (ev.kind === 'tool.call') return { action: 'redact', reason, output: undefined, outputText: undefined, args: replaceInStrings(ev.args, map) as ToolArgs };
  const original = parsed.toolResponse;
  const output = replaceInStrings(original, map);
  const outputText = typeof output === 'string' ? output : ev.kind === 'tool.result' ? (replaceInStrings(ev.content, map) as string) : undefined;
  return { action: 'redact', reason, output, outputText, args: undefined };
}
