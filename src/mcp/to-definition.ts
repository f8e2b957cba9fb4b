import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolDefinition } from '../core/index.js';

/** An MCP `Tool` as the engine's `ToolDefinition` (annotations copied field by field: stable shape). */
export function toDefinition(server: string, t: Tool): ToolDefinition {
  const a = t.annotations;
  return {
    server,
    name: t.name,
    description: t.description ?? '',
    inputSchema: t.inputSchema,
    annotations:
      a === undefined
        ? undefined
        : { readOnlyHint: a.readOnlyHint, destructiveHint: a.destructiveHint, idempotentHint: a.idempotentHint, openWorldHint: a.openWorldHint },
  };
}
