/** Most string leaves visited in a tool response; a response is bounded before it reaches the engine. */
const MAX_LEAVES = 10_000;

/**
 * The text of a tool response as the model will see it: a string as is; otherwise its string leaves, in
 * order, one per line, empty ones skipped (Claude Code's Bash `{stdout, stderr}`, Read's `{file: {content}}`, MCP content blocks,
 * Gemini's `{llmContent, returnDisplay}`). Cut at `max` characters with a marker saying how much was left out,
 * so a 50 MB output is recorded and inspected up to the engine's limit instead of being rejected.
 */
export function flattenText(value: unknown, max: number): string {
  const parts: string[] = [];
  let length = 0;
  let total = 0;
  let leaves = 0;
  const visit = (v: unknown, depth: number): void => {
    if (typeof v === 'string') {
      if (v === '') return;
      total += v.length + (parts.length > 0 ? 1 : 0);
      if (length < max) {
        const piece = v.length > max - length ? v.slice(0, max - length) : v;
        parts.push(piece);
        length += piece.length + 1;
      }
      return;
    }
    if (depth > 16 || ++leaves > MAX_LEAVES || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else for (const x of Object.values(v)) visit(x, depth + 1);
  };
  visit(value, 0);
  const text = parts.join('\n');
  return total > max ? `${text}\n[rampart: truncated, ${total - Math.min(total, max)} more chars not inspected]` : text;
}

/**
 * Replaces every occurrence of each `from` string in the string leaves of `value`, keeping its shape: a
 * redacted tool output must look like the tool's own output (Claude Code rejects a string for Bash).
 */
export function replaceInStrings(value: unknown, pairs: ReadonlyMap<string, string>, depth = 0): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const [from, to] of pairs) if (from !== '' && out.includes(from)) out = out.split(from).join(to);
    return out;
  }
  if (depth > 16 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => replaceInStrings(v, pairs, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = replaceInStrings(v, pairs, depth + 1);
  return out;
}
