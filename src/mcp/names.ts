import { createHash } from 'node:crypto';

/** Longest tool name many clients accept (OpenAI and Anthropic function names; SEP-986 recommends ≤ 64). */
export const MAX_TOOL_NAME = 64;
/** Separator between server and tool in the aggregated `/mcp` view (ContextForge and agentgateway use similar). */
export const NAME_SEPARATOR = '__';

const NOT_ALLOWED = /[^A-Za-z0-9_.-]/g;

/**
 * The name a tool has in the aggregated view: `<server>__<tool>`, characters outside `[A-Za-z0-9_.-]` replaced.
 * Names that would exceed 64 characters are cut and end in 8 hex digits of a hash of the full name, so two
 * long names stay distinct.
 */
export function prefixedName(server: string, tool: string): string {
  const full = `${server}${NAME_SEPARATOR}${tool}`;
  const clean = full.replace(NOT_ALLOWED, '_');
  if (clean.length <= MAX_TOOL_NAME && clean === full) return clean;
  if (clean.length <= MAX_TOOL_NAME) return withHash(clean, full, clean.length);
  return withHash(clean, full, MAX_TOOL_NAME);
}

function withHash(clean: string, full: string, max: number): string {
  // A replaced character could make two names equal (`a b` and `a_b`); the hash of the original keeps them apart.
  const tag = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${clean.slice(0, Math.min(clean.length, max - 9))}-${tag}`;
}

/**
 * Assigns exposed names to a list of tools, collision-free: a name already taken gets a hash suffix.
 * `name` gives each entry's preferred name.
 */
export function assignNames<T>(entries: readonly T[], preferred: (e: T) => string, key: (e: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const e of entries) {
    let name = preferred(e);
    if (out.has(name)) name = withHash(name, key(e), MAX_TOOL_NAME);
    if (!out.has(name)) out.set(name, e);
  }
  return out;
}
