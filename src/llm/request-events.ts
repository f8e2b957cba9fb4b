import type { EventInput } from '../core/index.js';

/** Who the events of one request belong to. */
export interface EventContext {
  readonly sessionId: string;
  readonly agent: string | undefined;
}

/**
 * An event of a request, with where its content sits when it is a tool result (so a `redact` decision can be
 * applied to the request before it goes upstream): the message index and, for a block inside it, the block index.
 */
export interface RequestEvent {
  readonly input: EventInput;
  readonly at: { readonly message: number; readonly block: number | undefined } | undefined;
}

/** Builds the `prompt` event of a user turn (source `llm`). */
export function promptEvent(ctx: EventContext, text: string): EventInput {
  return { kind: 'prompt', sessionId: ctx.sessionId, source: 'llm', actor: { user: undefined, agent: ctx.agent }, text };
}

/** Builds the `tool.result` event of a tool result the agent sends back to the model (source `llm`). */
export function toolResultEvent(ctx: EventContext, r: { name: string; callId: string | undefined; content: string; isError: boolean }): EventInput {
  return {
    kind: 'tool.result',
    sessionId: ctx.sessionId,
    source: 'llm',
    actor: { user: undefined, agent: ctx.agent },
    tool: { server: undefined, name: r.name, callId: r.callId },
    content: r.content,
    isError: r.isError,
  };
}

/** Text of a content value that is a string or an array of `{type:"text",text}` parts; other parts are skipped. */
export function textOfParts(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const p of content as { type?: unknown; text?: unknown }[]) {
    if (p !== null && typeof p === 'object' && typeof p.text === 'string') out += out === '' ? p.text : `\n${p.text}`;
  }
  return out;
}
