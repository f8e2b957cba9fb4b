import type { IncomingHttpHeaders } from 'node:http';

/** Request metadata routing conditions read: string values by key. */
export type Metadata = Readonly<Record<string, string>>;

/** A route's `when`: every listed metadata key must have one of its values. */
export interface Condition {
  readonly metadata: readonly { readonly key: string; readonly values: readonly string[] }[];
}

/** Largest `x-rampart-metadata` header read; bigger ones are ignored (bounded work per request). */
const MAX_HEADER = 4096;
const EMPTY: Metadata = Object.freeze({});

function strings(v: unknown, into: Record<string, string>): void {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string') into[k] = x;
    else if (typeof x === 'number' || typeof x === 'boolean') into[k] = String(x);
  }
}

/**
 * A request's metadata: the body's `metadata` object (OpenAI's string map, Anthropic's `user_id`), overlaid by
 * the `x-rampart-metadata` header (a JSON object; Portkey's `x-portkey-metadata` works the same way), which the
 * gateway strips before forwarding. Only read when a route has a `when`.
 */
export function requestMetadata(headers: IncomingHttpHeaders, body: Readonly<Record<string, unknown>>): Metadata {
  const h = headers['x-rampart-metadata'];
  const out: Record<string, string> = {};
  strings(body['metadata'], out);
  if (typeof h === 'string' && h.length <= MAX_HEADER) {
    try {
      strings(JSON.parse(h), out);
    } catch {
      // Not JSON: no header metadata. A malformed header must not fail the request.
    }
  }
  return Object.keys(out).length === 0 ? EMPTY : out;
}

/** Compiles `{ team: research, tier: [gold, platinum] }`. */
export function compileCondition(when: { readonly metadata?: Readonly<Record<string, string | readonly string[]>> | undefined }): Condition {
  return { metadata: Object.entries(when.metadata ?? {}).map(([key, v]) => ({ key, values: typeof v === 'string' ? [v] : v })) };
}

/** True when the metadata satisfies every clause. */
export function conditionHolds(c: Condition, md: Metadata): boolean {
  for (const clause of c.metadata) {
    const v = Object.hasOwn(md, clause.key) ? md[clause.key] : undefined;
    if (v === undefined || !clause.values.includes(v)) return false;
  }
  return true;
}
