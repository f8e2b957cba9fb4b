import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** True for `{ type: 'text', text }` with exactly those two keys, in that order. */
function isPlainText(c: unknown): boolean {
  if (!isPlainObject(c)) return false;
  let i = 0;
  for (const k in c) {
    if (k !== (i === 0 ? 'type' : i === 1 ? 'text' : undefined)) return false;
    i++;
  }
  return i === 2 && c['type'] === 'text' && typeof c['text'] === 'string';
}

/**
 * The result as it is when it is one of the plainest tool results, `{ content: [{ type: 'text', text }, …] }`
 * with an optional boolean `isError` after `content`, and nothing else: for exactly these, the SDK's
 * `CallToolResultSchema` gives back an equal object with the same keys in the same order, so the schema's pass
 * can be skipped. `undefined` for anything else, which the schema parses. The schema's pass was about 2% of the
 * gateway's main thread per call at c16 (bench/mcp.mjs with `GW_PROF`, inclusive time of `safeParse`).
 */
export function plainTextResult(r: unknown): CallToolResult | undefined {
  if (!isPlainObject(r)) return undefined;
  let i = 0;
  for (const k in r) {
    if (k !== (i === 0 ? 'content' : i === 1 ? 'isError' : undefined)) return undefined;
    i++;
  }
  const content = r['content'];
  if (i === 0 || !Array.isArray(content) || (i === 2 && typeof r['isError'] !== 'boolean')) return undefined;
  for (let j = 0; j < content.length; j++) if (!(j in content) || !isPlainText(content[j])) return undefined;
  return r as CallToolResult;
}
