import { createHash } from 'node:crypto';
import type { ToolDefinition } from '../core/index.js';

/** JSON with object keys sorted, so a definition's hash does not depend on key order. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
}

/**
 * The pin of a tool definition: SHA-256 over its name, description, input schema and annotations (issue 4 §6).
 * A server that changes any of these after approval (a "rug pull") no longer matches its pin.
 */
export function pinOf(tool: Pick<ToolDefinition, 'name' | 'description' | 'inputSchema' | 'annotations'>): string {
  return createHash('sha256')
    .update(canonical({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema ?? null, annotations: tool.annotations ?? null }))
    .digest('hex');
}
