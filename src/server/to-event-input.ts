import type { EventInput } from '../core/index.js';
import type { EventInputBody } from './event-schema.js';

/** Turns a validated request body into the engine's `EventInput`, filling absent optional fields with `undefined`. */
export function toEventInput(b: EventInputBody): EventInput {
  const base = {
    sessionId: b.sessionId,
    id: b.id,
    at: b.at,
    source: b.source,
    actor: b.actor === undefined ? undefined : { user: b.actor.user, agent: b.actor.agent },
  };
  switch (b.kind) {
    case 'prompt':
    case 'model.output':
      return { ...base, kind: b.kind, text: b.text };
    case 'tool.call':
      return { ...base, kind: 'tool.call', tool: { server: b.tool.server, name: b.tool.name, callId: b.tool.callId }, args: b.args };
    case 'tool.result':
      return {
        ...base,
        kind: 'tool.result',
        tool: { server: b.tool.server, name: b.tool.name, callId: b.tool.callId },
        content: b.content,
        isError: b.isError,
      };
    case 'tools.list':
      return {
        ...base,
        kind: 'tools.list',
        tools: b.tools.map((t) => ({
          server: t.server,
          name: t.name,
          description: t.description,
          inputSchema: t.inputSchema,
          annotations: t.annotations === undefined ? undefined : {
            readOnlyHint: t.annotations.readOnlyHint,
            destructiveHint: t.annotations.destructiveHint,
            idempotentHint: t.annotations.idempotentHint,
            openWorldHint: t.annotations.openWorldHint,
          },
        })),
      };
    case 'session.start':
    case 'session.end':
      return { ...base, kind: b.kind };
  }
}
