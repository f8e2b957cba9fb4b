import type { AccessRule } from '../policy/schema.js';
import type { Principal } from './principal.js';
import type { ExposedTool } from './registry.js';

/** The outcome of an access check: which rule decided (`undefined`: no rule matched, allowed by default). */
export interface AccessVerdict {
  readonly allowed: boolean;
  readonly rule: string | undefined;
}

const ALLOWED_BY_DEFAULT: AccessVerdict = { allowed: true, rule: undefined };

function matchesName(patterns: readonly string[] | undefined, name: string): boolean {
  if (patterns === undefined) return true;
  return patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : p === name));
}

/**
 * MCP access control from the policy files' `access` sections (issue 4 §5): first matching rule wins. Tool
 * annotations count: `readOnly: true` matches only tools that declare `readOnlyHint: true`; any other tool,
 * including one with no annotations, is treated as able to write or destroy (the spec's pessimistic default).
 */
export class AccessControl {
  readonly #rules: readonly AccessRule[];

  constructor(rules: readonly AccessRule[]) {
    this.#rules = rules;
  }

  /**
   * May this principal use a server's resources, prompts and completions? They only read, so they count as a
   * read-only tool of no particular name: rules naming tools or matching only writers (`readOnly: false`) do
   * not apply; first match wins, allowed by default.
   */
  checkServer(who: Principal, server: string): AccessVerdict {
    for (const r of this.#rules) {
      if (r.tools !== undefined || r.readOnly === false) continue;
      const person = r.users === undefined && r.groups === undefined
        ? true
        : (r.users?.includes(who.user) ?? false) || (r.groups?.some((g) => who.groups.includes(g)) ?? false);
      if (!person || !matchesName(r.servers, server)) continue;
      return { allowed: r.action === 'allow', rule: r.id };
    }
    return ALLOWED_BY_DEFAULT;
  }

  check(who: Principal, tool: Pick<ExposedTool, 'server' | 'definition'>): AccessVerdict {
    for (const r of this.#rules) {
      const person = r.users === undefined && r.groups === undefined
        ? true
        : (r.users?.includes(who.user) ?? false) || (r.groups?.some((g) => who.groups.includes(g)) ?? false);
      if (!person || !matchesName(r.servers, tool.server) || !matchesName(r.tools, tool.definition.name)) continue;
      if (r.readOnly !== undefined && (tool.definition.annotations?.readOnlyHint === true) !== r.readOnly) continue;
      return { allowed: r.action === 'allow', rule: r.id };
    }
    return ALLOWED_BY_DEFAULT;
  }
}
