import type { HookStep } from './hook-event.js';
import type { NormalizedTool } from './native-tools.js';

/** The `tool.call` step for a normalized tool. */
export function callStep(t: NormalizedTool): HookStep {
  return { kind: 'tool.call', tool: t.tool, args: t.args, capabilities: t.capabilities, findings: t.findings };
}

/** The `tool.result` step for a normalized tool's output (already flattened and bounded). */
export function resultStep(t: NormalizedTool, content: string, isError: boolean): HookStep {
  return { kind: 'tool.result', tool: t.tool, content, isError, capabilities: t.capabilities };
}

/** A step for text: the user's prompt or the model's output. Empty text yields no step. */
export function textSteps(kind: 'prompt' | 'model.output', text: string | undefined): HookStep[] {
  return text === undefined || text === '' ? [] : [{ kind, text }];
}
