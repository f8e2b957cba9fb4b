/**
 * JSON Schema → the OpenAPI 3.0 subset Gemini's `Schema` accepts. Gemini rejects a request whose function
 * parameters carry keys outside that subset (`$schema`, `additionalProperties`, `$ref`, `const`...), so the
 * schema is rebuilt from an allow-list rather than by deleting known offenders: a key nobody foresaw cannot
 * fail the request. `$ref`s into `$defs`/`definitions` are inlined (depth-bounded: recursive schemas end in a
 * plain object), `type: [T, "null"]` becomes `nullable`, `const` becomes a one-value `enum`.
 * @see https://ai.google.dev/api/caching#Schema
 */

type Json = Readonly<Record<string, unknown>>;

const COPIED = ['description', 'title', 'format', 'nullable', 'minItems', 'maxItems', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'minProperties', 'maxProperties', 'example', 'default', 'propertyOrdering'] as const;
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);
/** Deeper than any real tool schema; stops a recursive `$ref` from expanding forever. */
const MAX_DEPTH = 24;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resolveRef(ref: string, defs: Json): Json | undefined {
  const m = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
  if (m === null) return undefined;
  const def = defs[decodeURIComponent(m[1] as string).replace(/~1/g, '/').replace(/~0/g, '~')];
  return isObject(def) ? def : undefined;
}

function clean(s: Json, defs: Json, depth: number): Record<string, unknown> {
  if (depth > MAX_DEPTH) return { type: 'object' };
  if (typeof s['$ref'] === 'string') {
    const target = resolveRef(s['$ref'], defs);
    // Sibling keys of a $ref (a description, mostly) win over the target's.
    if (target !== undefined) return clean({ ...target, ...without(s, '$ref') }, defs, depth + 1);
    return { type: 'object' };
  }
  const out: Record<string, unknown> = {};
  for (const k of COPIED) if (s[k] !== undefined) out[k] = s[k];
  const t = s['type'];
  if (typeof t === 'string' && TYPES.has(t) && t !== 'null') out['type'] = t;
  else if (Array.isArray(t)) {
    const real = t.filter((x): x is string => typeof x === 'string' && x !== 'null' && TYPES.has(x));
    if (real.length === 1) out['type'] = real[0];
    else if (real.length > 1) out['anyOf'] = real.map((x) => ({ type: x }));
    if (t.includes('null')) out['nullable'] = true;
  }
  const en = s['const'] !== undefined ? [s['const']] : s['enum'];
  // Gemini enums are strings only; a numeric enum is left to the description rather than rejected.
  if (Array.isArray(en) && en.length > 0 && en.every((x) => typeof x === 'string')) {
    out['enum'] = en;
    out['type'] ??= 'string';
  }
  const alts = (Array.isArray(s['anyOf']) ? s['anyOf'] : Array.isArray(s['oneOf']) ? s['oneOf'] : undefined)?.filter(isObject);
  if (alts !== undefined && alts.length > 0) {
    const nonNull = alts.filter((a) => a['type'] !== 'null');
    if (nonNull.length < alts.length) out['nullable'] = true;
    if (nonNull.length === 1) Object.assign(out, clean(nonNull[0] as Json, defs, depth + 1), out['nullable'] === true ? { nullable: true } : {});
    else if (nonNull.length > 1) out['anyOf'] = nonNull.map((a) => clean(a, defs, depth + 1));
  }
  if (Array.isArray(s['allOf'])) {
    for (const part of s['allOf'].filter(isObject)) mergeInto(out, clean(part, defs, depth + 1));
  }
  if (isObject(s['properties'])) {
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s['properties'])) if (isObject(v)) props[k] = clean(v, defs, depth + 1);
    out['properties'] = props;
    out['type'] ??= 'object';
    // Gemini rejects a `required` entry that names no property.
    if (Array.isArray(s['required'])) {
      const req = s['required'].filter((r): r is string => typeof r === 'string' && r in props);
      if (req.length > 0) out['required'] = req;
    }
  }
  if (isObject(s['items'])) {
    out['items'] = clean(s['items'], defs, depth + 1);
    out['type'] ??= 'array';
  }
  return out;
}

function without(s: Json, key: string): Json {
  const { [key]: _drop, ...rest } = s;
  return rest;
}

function mergeInto(out: Record<string, unknown>, part: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(part)) {
    if (k === 'properties' && isObject(out[k]) && isObject(v)) out[k] = { ...out[k], ...v };
    else if (k === 'required' && Array.isArray(out[k]) && Array.isArray(v)) out[k] = [...new Set([...(out[k] as unknown[]), ...v])];
    else out[k] ??= v;
  }
}

/** A tool's JSON Schema as Gemini's `Schema`; definitions are looked up in the root's `$defs`/`definitions`. */
export function geminiSchema(schema: Json): Record<string, unknown> {
  const defs = { ...(isObject(schema['definitions']) ? schema['definitions'] : {}), ...(isObject(schema['$defs']) ? schema['$defs'] : {}) };
  return clean(schema, defs, 0);
}

/**
 * The `parameters` of a function declaration, or undefined when the function takes none: Gemini rejects an
 * OBJECT schema whose `properties` is empty.
 */
export function geminiParameters(schema: Json | undefined): Record<string, unknown> | undefined {
  if (schema === undefined) return undefined;
  const s = geminiSchema(schema);
  if (s['type'] === 'object' && (!isObject(s['properties']) || Object.keys(s['properties']).length === 0)) return undefined;
  return s;
}
