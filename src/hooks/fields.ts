/** Lenient readers for agent JSON: hook payloads are validated field by field, unknown fields ignored. */

/** A plain JSON object, or `undefined`. */
export type Json = { readonly [key: string]: unknown };

/** The value as a JSON object, or `undefined` for anything else (arrays included). */
export function asObject(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

/** The string at `key`, or `undefined` when absent or not a string. */
export function str(o: Json, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

/** The first string found under any of `keys`. */
export function firstStr(o: Json, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = str(o, k);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * Tool arguments as an object: an object as is, a JSON string parsed (Cursor sends MCP `tool_input` as a
 * string), anything else wrapped as `{ input }` so nothing is lost.
 */
export function asArgs(v: unknown): Json {
  const o = asObject(v);
  if (o !== undefined) return o;
  if (typeof v === 'string') {
    try {
      const parsed = asObject(JSON.parse(v));
      if (parsed !== undefined) return parsed;
    } catch {
      // not JSON: keep it as text
    }
    return { input: v };
  }
  return v === undefined || v === null ? {} : { input: v };
}
