import type { Action, ChainLink, Decision, RuleRef } from '../core/decision.js';
import { GatewayError } from '../core/errors.js';
import { finding, type Finding, type Severity } from '../core/findings.js';
import type { Policy, PolicyInput } from '../core/policy.js';
import { CelContext } from './cel-context.js';
import { compileExpression, messageOf, type CompiledExpression } from './environment.js';
import { formatPath } from './format-path.js';
import { compileGuards, passesAll, type Guard } from './guards.js';
import { onErrorAction, type PolicyDocument, type PolicyRule } from './schema.js';

/** Precedence when several rules match: the strongest action wins (deny > ask > redact > log > allow). */
export const ACTION_STRENGTH: Readonly<Record<Action, number>> = { allow: 0, log: 1, redact: 2, ask: 3, deny: 4 };

const NO_RULES: readonly RuleRef[] = Object.freeze([]);
const NO_HIT = -1;

interface CompiledRule {
  readonly ref: RuleRef;
  readonly action: Action;
  readonly onError: Action;
  /** `message`, else `description`: the deny reason, the ask prompt. */
  readonly reason: string;
  readonly expr: CompiledExpression;
  /** JS pre-checks of the simple top-level conjuncts; any false one means no match (guards.ts). */
  readonly guards: readonly Guard[];
  /** The guards are the whole expression: skip CEL when they pass. */
  readonly guardsComplete: boolean;
  /** The rule needs this `event.kind`; its guard for it is left out of `guards` (the index checks it). */
  readonly eventKind: string | undefined;
  /** The rule cannot match an event without findings. */
  readonly needsFindings: boolean;
}

/** Options for `compilePolicy`. */
export interface CompileOptions {
  /**
   * Use guards and the rule index (default). `false` evaluates every rule in full in CEL: the reference the
   * tests hold the fast path to.
   */
  readonly shortcuts?: boolean;
}

/** Indices of the rules an event can match, in file order, for events without and with findings. */
interface RuleSelection {
  readonly withoutFindings: Int32Array;
  readonly withFindings: Int32Array;
}

/**
 * Compiles validated policy documents (from `parsePolicy`) into a `Policy`, once, at startup or reload.
 *
 * Several documents form one policy in order; a later rule with an id already defined replaces the earlier
 * rule in place (how a user's file overrides or disables a rule of the default pack). Disabled rules are
 * dropped. Throws `GatewayError` only for a document that skipped validation and holds a bad expression.
 */
export function compilePolicy(docs: PolicyDocument | readonly PolicyDocument[], options: CompileOptions = {}): Policy {
  const shortcuts = options.shortcuts ?? true;
  const list: readonly PolicyDocument[] = Array.isArray(docs) ? docs : [docs as PolicyDocument];
  const byId = new Map<string, CompiledRule | undefined>();
  for (const doc of list) {
    doc.rules.forEach((rule, i) => byId.set(rule.id, rule.enabled ? compileRule(doc, rule, i, shortcuts) : undefined));
  }
  const rules = [...byId.values()].filter((r): r is CompiledRule => r !== undefined);
  return new CompiledPolicy(list.map((d) => d.id).join('+'), rules);
}

function compileRule(doc: PolicyDocument, rule: PolicyRule, index: number, shortcuts: boolean): CompiledRule {
  const expr = compileExpression(rule.when);
  if (!expr.ok) {
    const where = `${doc.id}: ${formatPath(['rules', index, 'when'])}`;
    throw new GatewayError('INTERNAL', `policy ${where}: ${expr.error.message}`, { expose: false });
  }
  const g = shortcuts ? compileGuards(expr.value.ast) : undefined;
  const guards = g === undefined ? [] : g.guards.filter((_, i) => i !== g.eventKindGuard);
  return {
    ref: Object.freeze({ id: rule.id, severity: rule.severity, owasp: Object.freeze([...rule.owasp]) }),
    action: rule.action,
    onError: onErrorAction(rule),
    reason: rule.message ?? rule.description,
    expr: expr.value,
    guards,
    guardsComplete: g?.complete ?? false,
    eventKind: g?.eventKind,
    needsFindings: g?.needsFindings ?? false,
  };
}

class CompiledPolicy implements Policy {
  readonly id: string;
  readonly rules: readonly RuleRef[];
  readonly #rules: readonly CompiledRule[];
  readonly #ctx = new CelContext();
  // Per-rule outcome of the current `decide`: the strength of the action taken, or NO_HIT. Reused across
  // calls (decide is synchronous) so an event that matches nothing allocates nothing.
  readonly #hits: Int8Array;
  // Rules by the event kind they need: most rules name one, so most are never looked at for a given event.
  readonly #byKind = new Map<string, RuleSelection>();
  readonly #anyKind: RuleSelection;

  constructor(id: string, rules: readonly CompiledRule[]) {
    this.id = id;
    this.#rules = rules;
    this.rules = rules.length === 0 ? NO_RULES : Object.freeze(rules.map((r) => r.ref));
    this.#hits = new Int8Array(rules.length);
    this.#anyKind = selection(rules, undefined);
    for (const r of rules) {
      if (r.eventKind !== undefined && !this.#byKind.has(r.eventKind)) this.#byKind.set(r.eventKind, selection(rules, r.eventKind));
    }
  }

  /** Evaluates every enabled rule against the event's facts. Never throws. */
  decide(input: PolicyInput): Decision {
    const rules = this.#rules;
    const hits = this.#hits;
    const facts = input.facts;
    const sel = this.#byKind.get(facts.event.kind) ?? this.#anyKind;
    const candidates = facts.findings.length === 0 ? sel.withoutFindings : sel.withFindings;
    let filled = false; // the CEL context is filled on first use: guards settle most rules without it
    let best = NO_HIT;
    let winner = -1;
    let hitCount = 0;
    let crashes: Finding[] | undefined;

    for (let c = 0; c < candidates.length; c++) {
      const i = candidates[c] as number;
      const rule = rules[i] as CompiledRule;
      let strength: number;
      try {
        if (!passesAll(rule.guards, facts)) {
          hits[i] = NO_HIT;
          continue;
        }
        if (!rule.guardsComplete) {
          if (!filled) {
            this.#ctx.fill(facts);
            filled = true;
          }
          if (rule.expr.evaluate(this.#ctx) !== true) {
            hits[i] = NO_HIT;
            continue;
          }
        }
        strength = ACTION_STRENGTH[rule.action];
      } catch (thrown) {
        // A broken rule is a decision, not an outage (STYLE.md §3): it acts as its on_error and says so.
        strength = ACTION_STRENGTH[rule.onError];
        (crashes ??= []).push(crashFinding(rule.ref.id, rule.ref.severity, `rule failed (${messageOf(thrown)}); applied on_error ${rule.onError}`));
      }
      hits[i] = strength;
      hitCount++;
      if (strength > best) { // strict: the first rule in file order wins among equals
        best = strength;
        winner = i;
      }
    }

    if (hitCount === 0) return { action: 'allow', findings: withCrashes(input.findings, crashes), matched: NO_RULES };
    // allow and log winners produce an allow that lists every match; the stronger ones carry the winner.
    const carriesRule = best >= ACTION_STRENGTH.redact;
    const matched: RuleRef[] = [];
    for (let c = 0; c < candidates.length; c++) {
      const i = candidates[c] as number;
      if (hits[i] !== NO_HIT && !(carriesRule && i === winner)) matched.push((rules[i] as CompiledRule).ref);
    }
    if (!carriesRule) return { action: 'allow', findings: withCrashes(input.findings, crashes), matched };
    return this.#verdict(input, rules[winner] as CompiledRule, best, matched, crashes ?? []);
  }

  /** The deny, ask or redact decision of the winning rule. */
  #verdict(input: PolicyInput, win: CompiledRule, best: number, matched: readonly RuleRef[], crashes: Finding[]): Decision {
    const { ref: rule, reason } = win;
    // The chain and redactions come from the engine; a bug there must not escape decide().
    let chain: readonly ChainLink[] = [];
    try {
      chain = input.chain(win.expr.reads);
    } catch (thrown) {
      crashes.push(crashFinding(rule.id, rule.severity, `building the causal chain failed (${messageOf(thrown)})`));
    }
    if (best === ACTION_STRENGTH.redact) {
      try {
        const redactions = input.redactions();
        return { action: 'redact', findings: withCrashes(input.findings, crashes), matched, rule, reason, redactions, chain };
      } catch (thrown) {
        // Without redactions the sensitive text would pass untouched: fail closed.
        crashes.push(crashFinding(rule.id, rule.severity, `computing redactions failed (${messageOf(thrown)}); denied instead`));
      }
    }
    const findings = withCrashes(input.findings, crashes);
    if (best === ACTION_STRENGTH.ask) return { action: 'ask', findings, matched, rule, prompt: reason, chain };
    return { action: 'deny', findings, matched, rule, reason, chain };
  }
}

/** The rules an event of `kind` can match (`undefined`: a kind no rule names), split by whether it has findings. */
function selection(rules: readonly CompiledRule[], kind: string | undefined): RuleSelection {
  const without: number[] = [];
  const withF: number[] = [];
  rules.forEach((r, i) => {
    if (r.eventKind !== undefined && r.eventKind !== kind) return;
    withF.push(i);
    if (!r.needsFindings) without.push(i);
  });
  return { withoutFindings: Int32Array.from(without), withFindings: Int32Array.from(withF) };
}

function withCrashes(findings: readonly Finding[], crashes: readonly Finding[] | undefined): readonly Finding[] {
  return crashes === undefined || crashes.length === 0 ? findings : [...findings, ...crashes];
}

/** The `policy.crashed` finding for a rule that failed at runtime. */
function crashFinding(ruleId: string, severity: Severity, what: string): Finding {
  return finding({ detector: 'policy', kind: 'policy.crashed', severity, message: `policy rule ${ruleId}: ${what}` });
}
