import type { Facts } from '../core/facts.js';

/**
 * CEL field types of `Facts.event`. `satisfies` makes a field added to or removed from core a compile error
 * here, so the CEL declarations cannot drift from the spine.
 */
export const EVENT_FIELDS = {
  kind: 'string',
  source: 'string',
  tool: 'string',
  server: 'string',
  capabilities: 'list<string>',
  consequential: 'bool',
  user: 'string',
  agent: 'string',
} as const satisfies Record<keyof Facts['event'], string>;

/** CEL field types of `Facts.session`. `events` is a CEL `int`, so it travels as a BigInt. */
export const SESSION_FIELDS = {
  events: 'int',
  untrusted: 'bool',
  injection: 'bool',
  injection_strong: 'bool',
  private_data: 'bool',
  secret: 'bool',
} as const satisfies Record<keyof Facts['session'], string>;

/** CEL field types of `Facts.args`. */
export const ARGS_FIELDS = {
  from_user: 'list<string>',
  untrusted_only: 'list<string>',
  injected: 'list<string>',
} as const satisfies Record<keyof Facts['args'], string>;

/** CEL types of the top-level variables; the three objects are the message types registered for them. */
export const VARIABLE_TYPES = {
  event: 'Event',
  findings: 'list<string>',
  severity: 'string',
  session: 'Session',
  args: 'Args',
  intent_injected: 'bool',
  intent_from_user: 'bool',
} as const satisfies Record<keyof Facts, string>;

/** Struct-typed variables and their fields: what a bare `session` (without a field) reads. */
export const STRUCT_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['event', Object.keys(EVENT_FIELDS)],
  ['session', Object.keys(SESSION_FIELDS)],
  ['args', Object.keys(ARGS_FIELDS)],
]);

const NO_STRINGS: readonly string[] = Object.freeze([]);

// cel-js resolves a message type's fields through `obj.constructor`, so each struct needs its own class
// (a plain object would be read as an untyped map). Fields are initialised in declaration order so every
// instance has one hidden-class shape.

/** The CEL value of `event`. */
export class CelEvent {
  kind = '';
  source = '';
  tool = '';
  server = '';
  capabilities: readonly string[] = NO_STRINGS;
  consequential = false;
  user = '';
  agent = '';
}

/** The CEL value of `session`. */
export class CelSession {
  events = 0n;
  untrusted = false;
  injection = false;
  injection_strong = false;
  private_data = false;
  secret = false;
}

/** The CEL value of `args`. */
export class CelArgs {
  from_user: readonly string[] = NO_STRINGS;
  untrusted_only: readonly string[] = NO_STRINGS;
  injected: readonly string[] = NO_STRINGS;
}

/**
 * The CEL variables for one evaluation, converted from `Facts`.
 *
 * One instance lives per compiled policy and is refilled for every event rather than reallocated: `decide`
 * is synchronous and never re-entered, and the per-event budget (≥100k events/s) leaves no room for four
 * allocations per event. Lists are shared with `Facts`, not copied; CEL cannot mutate them.
 */
export class CelContext {
  readonly event = new CelEvent();
  findings: readonly string[] = NO_STRINGS;
  severity = 'none';
  readonly session = new CelSession();
  readonly args = new CelArgs();
  intent_injected = false;
  intent_from_user = false;

  #lastEvents = 0;

  /** Copies `facts` into this context and returns it. Never throws. */
  fill(facts: Facts): this {
    const e = this.event;
    const fe = facts.event;
    e.kind = fe.kind;
    e.source = fe.source;
    e.tool = fe.tool;
    e.server = fe.server;
    e.capabilities = fe.capabilities;
    e.consequential = fe.consequential;
    e.user = fe.user;
    e.agent = fe.agent;

    const s = this.session;
    const fs = facts.session;
    // BigInt() throws on a fractional or non-finite number; a bad count must not turn into an outage.
    if (fs.events !== this.#lastEvents) {
      this.#lastEvents = fs.events;
      s.events = Number.isSafeInteger(fs.events) ? BigInt(fs.events) : 0n;
    }
    s.untrusted = fs.untrusted;
    s.injection = fs.injection;
    s.injection_strong = fs.injection_strong;
    s.private_data = fs.private_data;
    s.secret = fs.secret;

    const a = this.args;
    a.from_user = facts.args.from_user;
    a.untrusted_only = facts.args.untrusted_only;
    a.injected = facts.args.injected;

    this.findings = facts.findings;
    this.severity = facts.severity;
    this.intent_injected = facts.intent_injected;
    this.intent_from_user = facts.intent_from_user;
    return this;
  }
}
