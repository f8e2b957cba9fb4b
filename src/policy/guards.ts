import type { ASTNode } from '@marcbachmann/cel-js';
import type { Facts } from '../core/facts.js';
import { ARGS_FIELDS, EVENT_FIELDS, SESSION_FIELDS, VARIABLE_TYPES } from './cel-context.js';
import { severityRank } from './environment.js';

/** A plain-JS test of one top-level conjunct of a `when` expression, read straight from `Facts`. */
export type Guard = (facts: Facts) => boolean;

/** The guards of an expression; `complete` when they are the whole expression, so CEL need not run. */
export interface Guards {
  readonly guards: readonly Guard[];
  readonly complete: boolean;
  /**
   * The literal of the first conjunct `event.kind == "x"`, and its guard's index in `guards` (-1 without one):
   * policy indexes rules by it, so a rule for another kind is never looked at.
   */
  readonly eventKind: string | undefined;
  readonly eventKindGuard: number;
  /** Some guard reads only `findings` and fails on an empty list: the rule cannot match an event without findings. */
  readonly needsFindings: boolean;
}

/**
 * Splits an expression's top-level `&&` chain and turns each simple conjunct into a JS predicate:
 * a bool fact or its negation; a string fact `==`/`!=` a literal; an int fact compared with a literal;
 * `"x" in list`; `size(list)` against 0; `list.any_prefix("x")`; `list.exists(v, v.startsWith("x"))`;
 * `list.exists(v, v in ["x", …])`; `list.intersects(["x", …])`; `severity_at_least(s, "x")`; and `a || b`
 * when both sides are made only of such conjuncts. Everything else stays with CEL.
 *
 * Why: a rule costs 100–500 ns in CEL and most rules do not match most events. CEL's `&&` is commutative
 * over errors (`error && false` is `false`), so a false guard decides the rule exactly, whatever the other
 * conjuncts would have done; a rule whose guards all pass is then evaluated in full, unless the guards are
 * the whole expression. A disjunction is guarded only when both sides are complete: guards never err, so
 * JS `||` then gives CEL's answer.
 */
export function compileGuards(ast: ASTNode): Guards {
  const guards: Guard[] = [];
  let complete = true;
  let eventKind: string | undefined;
  let eventKindGuard = -1;
  let needsFindings = false;
  for (const term of conjuncts(ast)) {
    const reads = new Set<string>();
    const guard = guardOf(term, reads);
    if (guard === undefined) {
      complete = false;
      continue;
    }
    const kind = eventKind === undefined ? kindOf(term) : undefined;
    if (kind !== undefined) {
      eventKind = kind;
      eventKindGuard = guards.length;
    }
    if (reads.size === 1 && reads.has('findings') && !guard(NO_FINDINGS_FACTS)) needsFindings = true;
    guards.push(guard);
  }
  return { guards, complete, eventKind, eventKindGuard, needsFindings };
}

function conjuncts(node: ASTNode): ASTNode[] {
  return node.op === '&&' ? [...conjuncts(node.args[0]), ...conjuncts(node.args[1])] : [node];
}

/** `"x"` of `event.kind == "x"` or `"x" == event.kind`. */
function kindOf(node: ASTNode): string | undefined {
  if (node.op !== '==') return undefined;
  const [a, b] = node.args;
  const isKind = (n: ASTNode): boolean => n.op === '.' && n.args[0].op === 'id' && n.args[0].args === 'event' && n.args[1] === 'kind';
  const value = isKind(a) ? literal(b) : isKind(b) ? literal(a) : undefined;
  return typeof value === 'string' ? value : undefined;
}

const NO_STRINGS: readonly string[] = [];
/** Facts whose findings list is empty; a guard that reads only `findings` reads nothing else of it. */
const NO_FINDINGS_FACTS: Facts = {
  event: { kind: '', source: '', tool: '', server: '', capabilities: [], consequential: false, user: '', agent: '' },
  findings: NO_STRINGS,
  severity: 'none',
  session: { events: 0, untrusted: false, injection: false, injection_strong: false, private_data: false, secret: false },
  args: { from_user: NO_STRINGS, untrusted_only: NO_STRINGS, injected: NO_STRINGS },
  intent_injected: false,
  intent_from_user: false,
};

type Get<T> = (facts: Facts) => T;
type Typed =
  | { readonly type: 'bool'; readonly get: Get<boolean> }
  | { readonly type: 'string'; readonly get: Get<string> }
  | { readonly type: 'int'; readonly get: Get<number> }
  | { readonly type: 'list<string>'; readonly get: Get<readonly string[]> };

const FIELD_TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = { event: EVENT_FIELDS, session: SESSION_FIELDS, args: ARGS_FIELDS };

// One reader per fact, each with a single named property access, so every read site sees one Facts shape
// (a keyed read `f[object][field]` shared by all guards goes megamorphic). `satisfies` ties them to Facts.
const TOP_READERS = {
  findings: (f) => f.findings,
  severity: (f) => f.severity,
  intent_injected: (f) => f.intent_injected,
  intent_from_user: (f) => f.intent_from_user,
} as const satisfies Readonly<Record<string, Get<unknown>>>;
const EVENT_READERS = {
  kind: (f) => f.event.kind,
  source: (f) => f.event.source,
  tool: (f) => f.event.tool,
  server: (f) => f.event.server,
  capabilities: (f) => f.event.capabilities,
  consequential: (f) => f.event.consequential,
  user: (f) => f.event.user,
  agent: (f) => f.event.agent,
} as const satisfies Readonly<Record<keyof Facts['event'], Get<unknown>>>;
const SESSION_READERS = {
  events: (f) => f.session.events,
  untrusted: (f) => f.session.untrusted,
  injection: (f) => f.session.injection,
  injection_strong: (f) => f.session.injection_strong,
  private_data: (f) => f.session.private_data,
  secret: (f) => f.session.secret,
} as const satisfies Readonly<Record<keyof Facts['session'], Get<unknown>>>;
const ARGS_READERS = {
  from_user: (f) => f.args.from_user,
  untrusted_only: (f) => f.args.untrusted_only,
  injected: (f) => f.args.injected,
} as const satisfies Readonly<Record<keyof Facts['args'], Get<unknown>>>;
const READERS: Readonly<Record<string, Readonly<Record<string, Get<unknown>>>>> = { event: EVENT_READERS, session: SESSION_READERS, args: ARGS_READERS };

/** A fact read (`intent_injected`, `session.untrusted`) with its declared CEL type, or undefined; adds the variable to `reads`. */
function fact(node: ASTNode, reads: Set<string>): Typed | undefined {
  let type: string | undefined;
  let get: Get<unknown> | undefined;
  let variable: string;
  if (node.op === 'id' && Object.hasOwn(VARIABLE_TYPES, node.args) && !Object.hasOwn(FIELD_TYPES, node.args)) {
    variable = node.args;
    type = VARIABLE_TYPES[variable as keyof Facts];
    get = Object.hasOwn(TOP_READERS, variable) ? TOP_READERS[variable as keyof typeof TOP_READERS] : undefined;
  } else if (node.op === '.' && node.args[0].op === 'id' && Object.hasOwn(FIELD_TYPES, node.args[0].args)) {
    variable = node.args[0].args;
    const field = node.args[1];
    const fields = FIELD_TYPES[variable] as Readonly<Record<string, string>>;
    const readers = READERS[variable] as Readonly<Record<string, Get<unknown>>>;
    if (!Object.hasOwn(fields, field) || !Object.hasOwn(readers, field)) return undefined;
    type = fields[field];
    get = readers[field];
  } else return undefined;
  if (get === undefined) return undefined;
  reads.add(variable);
  // The declared type is the contract with the engine (Facts), so the casts below hold.
  return type === 'bool' || type === 'string' || type === 'int' || type === 'list<string>' ? ({ type, get } as Typed) : undefined;
}

function literal(node: ASTNode | undefined): string | bigint | undefined {
  return node?.op === 'value' && (typeof node.args === 'string' || typeof node.args === 'bigint') ? node.args : undefined;
}

const COMPARE = {
  '==': (a: number, b: number) => a === b,
  '!=': (a: number, b: number) => a !== b,
  '>': (a: number, b: number) => a > b,
  '>=': (a: number, b: number) => a >= b,
  '<': (a: number, b: number) => a < b,
  '<=': (a: number, b: number) => a <= b,
} as const;
type CompareOp = keyof typeof COMPARE;

function guardOf(node: ASTNode, reads: Set<string>): Guard | undefined {
  switch (node.op) {
    case 'id':
    case '.': {
      const p = fact(node, reads);
      if (p?.type !== 'bool') return undefined;
      const get = p.get;
      return (f) => get(f);
    }
    case '!_': {
      const p = fact(node.args, reads);
      if (p?.type !== 'bool') return undefined;
      const get = p.get;
      return (f) => !get(f);
    }
    case '==':
    case '!=':
    case '>':
    case '>=':
    case '<':
    case '<=':
      return comparison(node.op, node.args[0], node.args[1], reads);
    case 'in': {
      const value = literal(node.args[0]);
      const p = fact(node.args[1], reads);
      if (typeof value !== 'string' || p?.type !== 'list<string>') return undefined;
      const get = p.get;
      return (f) => get(f).includes(value);
    }
    case 'rcall':
      return listMethod(node.args[0], node.args[1], node.args[2], reads);
    case 'call': {
      const [name, args] = node.args;
      const p = args[0] === undefined ? undefined : fact(args[0], reads);
      const min = literal(args[1]);
      // An unknown bound is an evaluation error in CEL: leave it to CEL so that on_error applies.
      if (name !== 'severity_at_least' || args.length !== 2 || p?.type !== 'string' || typeof min !== 'string' || severityRank(min) < 0) return undefined;
      const get = p.get;
      const floor = severityRank(min);
      return (f) => severityRank(get(f)) >= floor;
    }
    case '||': {
      const left = compileGuards(node.args[0]);
      const right = compileGuards(node.args[1]);
      if (!left.complete || !right.complete || left.guards.length === 0 || right.guards.length === 0) return undefined;
      for (const side of [node.args[0], node.args[1]]) for (const term of conjuncts(side)) guardOf(term, reads);
      const a = left.guards;
      const b = right.guards;
      return (f) => passesAll(a, f) || passesAll(b, f);
    }
    default:
      return undefined;
  }
}

/** True when every guard passes. */
export function passesAll(guards: readonly Guard[], facts: Facts): boolean {
  for (let g = 0; g < guards.length; g++) if (!(guards[g] as Guard)(facts)) return false;
  return true;
}

function comparison(op: CompareOp, a: ASTNode, b: ASTNode, reads: Set<string>): Guard | undefined {
  const compare = COMPARE[op];
  const value = literal(b);
  if (typeof value === 'bigint') {
    // Facts hold counts as JS numbers; beyond 2^53 the comparison would not be exact.
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) return undefined;
    const n = Number(value);
    const p = fact(a, reads);
    if (p?.type === 'int') {
      const get = p.get;
      return (f) => compare(get(f), n);
    }
    const size = sizeOf(a, reads);
    return size === undefined ? undefined : (f) => compare(size(f).length, n);
  }
  const p = fact(a, reads) ?? fact(b, reads);
  const text = typeof value === 'string' ? value : literal(a);
  if (p?.type !== 'string' || typeof text !== 'string' || (op !== '==' && op !== '!=')) return undefined;
  const get = p.get;
  return op === '==' ? (f) => get(f) === text : (f) => get(f) !== text;
}

/** The list of `size(list)` or `list.size()`. */
function sizeOf(node: ASTNode, reads: Set<string>): Get<readonly string[]> | undefined {
  let target: ASTNode | undefined;
  if (node.op === 'call' && node.args[0] === 'size' && node.args[1].length === 1) target = node.args[1][0];
  else if (node.op === 'rcall' && node.args[0] === 'size' && node.args[2].length === 0) target = node.args[1];
  const p = target === undefined ? undefined : fact(target, reads);
  return p?.type === 'list<string>' ? p.get : undefined;
}

/** `list.any_prefix("x")`, `list.exists(v, v.startsWith("x"))`, `list.exists(v, v in ["x", …])`, `list.intersects(["x", …])`. */
function listMethod(name: string, target: ASTNode, args: readonly ASTNode[], reads: Set<string>): Guard | undefined {
  const p = fact(target, reads);
  if (p?.type !== 'list<string>') return undefined;
  const get = p.get;
  const [first, second] = args;
  let prefix: string | bigint | undefined;
  let among: readonly ASTNode[] | undefined;
  if (name === 'any_prefix' && args.length === 1) prefix = literal(first);
  else if (name === 'exists' && args.length === 2 && first?.op === 'id' && second?.op === 'rcall') {
    const [method, on, params] = second.args;
    if (method === 'startsWith' && on.op === 'id' && on.args === first.args && params.length === 1) prefix = literal(params[0]);
  } else if (name === 'exists' && args.length === 2 && first?.op === 'id' && second?.op === 'in') {
    const [item, list] = second.args;
    if (item.op === 'id' && item.args === first.args && list.op === 'list') among = list.args;
  } else if (name === 'intersects' && args.length === 1 && first?.op === 'list') among = first.args;
  if (among !== undefined) {
    const wanted = among.map(literal);
    if (!wanted.every((w): w is string => typeof w === 'string')) return undefined;
    return (f) => {
      const list = get(f);
      for (let i = 0; i < list.length; i++) if (wanted.includes(list[i] as string)) return true;
      return false;
    };
  }
  if (typeof prefix !== 'string') return undefined;
  const start = prefix;
  // Indexed loops: the lists are often the engine's frozen empty ones; no iterator is needed.
  return (f) => {
    const list = get(f);
    for (let i = 0; i < list.length; i++) if ((list[i] as string).startsWith(start)) return true;
    return false;
  };
}
