/**
 * A scripted model: a list of steps a fake provider plays, one per model turn. The turn is derived from the
 * request itself (how many assistant turns it already holds), never from a counter, because agents retry
 * and repeat turns (agents.md, pitfall 4).
 */
export type ScriptStep =
  | { readonly kind: 'tool'; readonly name: string; readonly input: Readonly<Record<string, unknown>> }
  | { readonly kind: 'text'; readonly text: string | ((turn: TurnContext) => string) };

/** What a text step may draw on: the turn number and the last tool result the agent sent back. */
export interface TurnContext {
  readonly turn: number;
  readonly lastToolResult: string | undefined;
}

/** A tool call step. */
export function toolStep(name: string, input: Readonly<Record<string, unknown>>): ScriptStep {
  return { kind: 'tool', name, input };
}

/** A final text step; a function sees the last tool result (to show what reached the model). */
export function textStep(text: string | ((turn: TurnContext) => string)): ScriptStep {
  return { kind: 'text', text };
}

/** The step for a turn; past the end of the script the model just says it is done. */
export function stepFor(script: readonly ScriptStep[], turn: number): ScriptStep {
  return script[turn] ?? { kind: 'text', text: 'Done.' };
}

/** The text of a text step. */
export function textOf(step: ScriptStep & { readonly kind: 'text' }, ctx: TurnContext): string {
  return typeof step.text === 'function' ? step.text(ctx) : step.text;
}

/** Splits a text into deltas of at most `size` characters (at least one, possibly empty). */
export function chunks(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** A stable id for a turn's tool call: the same request always gets the same id. */
export function callId(prefix: string, turn: number): string {
  return `${prefix}scripted${String(turn).padStart(16, '0')}`;
}
