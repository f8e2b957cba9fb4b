import {
  CONSEQUENTIAL,
  SEVERITY_RANK,
  type AgentEvent,
  type Capability,
  type Facts,
  type Finding,
  type Severity,
} from '../core/index.js';
import { NO_PROVENANCE, traceArgs, type ArgProvenance } from './provenance/args.js';
import { ANY_INJECTED, ORIGIN } from './provenance/origins.js';
import type { SessionState } from './session.js';
import type { ToolProfile } from './tool-profiles.js';

const NO_CAPS: readonly Capability[] = Object.freeze([]);
const NO_STRINGS: readonly string[] = Object.freeze([]);

/** Facts plus what the causal chain needs to explain them. */
export interface FactsWithEvidence {
  readonly facts: Facts;
  readonly provenance: ArgProvenance;
  /** Seqs of the injected sentences the call's action words came from. */
  readonly intentFrom: readonly number[];
}

const NO_SEQS: readonly number[] = Object.freeze([]);

/** Builds the facts policy reads for one event, after the session has absorbed it. */
export function buildFacts(event: AgentEvent, findings: readonly Finding[], session: SessionState, profile: ToolProfile | undefined): FactsWithEvidence {
  let tool = '';
  let server = '';
  let caps = NO_CAPS;
  let provenance = NO_PROVENANCE;
  // Does the call's action (its name's action words) come from the user, or from an injected instruction?
  let intentInjected = false;
  let intentFromUser = false;
  let intentFrom = NO_SEQS;
  if (event.kind === 'tool.call' || event.kind === 'tool.result') {
    tool = event.tool.name;
    server = event.tool.server ?? '';
    caps = event.capabilities;
  }
  if (event.kind === 'tool.call') {
    provenance = traceArgs(event.args, session.origins);
    if (profile !== undefined) {
      const words = profile.actionWords;
      let from: number[] | undefined;
      for (let k = 0; k < words.length; k++) {
        const hit = session.origins.lookup(words, k, k + 1);
        if (hit === undefined) continue;
        if ((hit.bits & ORIGIN.user) !== 0) intentFromUser = true;
        else if ((hit.bits & ANY_INJECTED) !== 0) {
          intentInjected = true;
          if (from === undefined) from = [hit.seq];
          else if (!from.includes(hit.seq)) from.push(hit.seq);
        }
      }
      if (from !== undefined) intentFrom = from;
    }
  }
  const sf = session.facts;
  // Literals in a fixed order, no spread and no closures: this runs for every event.
  const facts: Facts = {
    event: {
      kind: event.kind,
      source: event.source,
      tool,
      server,
      capabilities: caps,
      consequential: anyConsequential(caps),
      user: event.actor.user ?? '',
      agent: event.actor.agent ?? '',
    },
    findings: findings.length === 0 ? NO_STRINGS : findingKinds(findings),
    severity: maxSeverity(findings),
    session: {
      events: session.nextSeq,
      untrusted: sf.untrusted,
      injection: sf.injection,
      injection_strong: sf.injection_strong,
      private_data: sf.private_data,
      secret: sf.secret,
    },
    args: { from_user: provenance.fromUser, untrusted_only: provenance.untrustedOnly, injected: provenance.injected },
    intent_injected: intentInjected && !intentFromUser,
    intent_from_user: intentFromUser,
  };
  return { facts, provenance, intentFrom };
}

function anyConsequential(caps: readonly Capability[]): boolean {
  for (let i = 0; i < caps.length; i++) if (CONSEQUENTIAL.has(caps[i] as Capability)) return true;
  return false;
}

function findingKinds(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < findings.length; i++) out.push((findings[i] as Finding).kind);
  return out;
}

function maxSeverity(findings: readonly Finding[]): Severity | 'none' {
  let best: Severity | 'none' = 'none';
  for (let i = 0; i < findings.length; i++) {
    const s = (findings[i] as Finding).severity;
    if (best === 'none' || SEVERITY_RANK[s] > SEVERITY_RANK[best]) best = s;
  }
  return best;
}
