import type { ASTNode } from '@marcbachmann/cel-js';
import { STRUCT_FIELDS, VARIABLE_TYPES } from './cel-context.js';

const VARIABLES: ReadonlySet<string> = new Set(Object.keys(VARIABLE_TYPES));

/**
 * The fact paths an expression reads: `session.injection`, `args.injected`, `event.kind`, `findings`,
 * `intent_injected`, … The engine builds a rule's causal chain from these (`PolicyInput.chain`).
 *
 * A field access on a struct variable yields `variable.field`; a struct variable used whole yields every
 * one of its fields. Macro iteration variables are not scoped: `findings.exists(session, …)` also counts
 * as reading `session`. That over-approximates, which is the safe direction: a path too many adds an event
 * to an explanation, a path too few drops the event that explains a deny.
 */
export function factReads(ast: ASTNode): ReadonlySet<string> {
  const reads = new Set<string>();
  walk(ast, reads);
  return reads;
}

function walk(node: ASTNode, reads: Set<string>): void {
  switch (node.op) {
    case 'value':
      return;
    case 'id':
      addVariable(node.args, reads);
      return;
    case '.':
    case '.?': {
      const [target, field] = node.args;
      if (target.op === 'id' && STRUCT_FIELDS.has(target.args)) reads.add(`${target.args}.${field}`);
      else walk(target, reads);
      return;
    }
    case 'call':
      for (const arg of node.args[1]) walk(arg, reads);
      return;
    case 'rcall':
      walk(node.args[1], reads);
      for (const arg of node.args[2]) walk(arg, reads);
      return;
    case 'list':
      for (const item of node.args) walk(item, reads);
      return;
    case 'map':
      for (const [k, v] of node.args) {
        walk(k, reads);
        walk(v, reads);
      }
      return;
    case '?:':
      walk(node.args[0], reads);
      walk(node.args[1], reads);
      walk(node.args[2], reads);
      return;
    case '!_':
    case '-_':
      walk(node.args, reads);
      return;
    default:
      // Every remaining operator is binary: `&&`, `||`, `==`, `in`, `[]`, arithmetic, comparisons.
      walk(node.args[0], reads);
      walk(node.args[1], reads);
  }
}

function addVariable(name: string, reads: Set<string>): void {
  if (!VARIABLES.has(name)) return; // iteration variables (`f` in `findings.exists(f, …)`), `cel` in cel.bind
  const fields = STRUCT_FIELDS.get(name);
  if (fields === undefined) reads.add(name);
  else for (const f of fields) reads.add(`${name}.${f}`);
}
