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

interface Intent {
  injected: boolean;
  fromUser: boolean;
  from: number[];
}

/** Does the call's action (its name's action words) come from the user, or from an injected instruction? */
function traceIntent(actionWords: readonly number[], session: SessionState): Intent {
  const out: Intent = { injected: false, fromUser: false, from: [] };
  for (const w of actionWords) {
    const hit = session.origins.lookup([w]);
    if (hit === undefined) continue;
    if ((hit.bits & ORIGIN.user) !== 0) out.fromUser = true;
    else if ((hit.bits & ANY_INJECTED) !== 0) {
      out.injected = true;
      if (!out.from.includes(hit.seq)) out.from.push(hit.seq);
    }
  }
  return out;
}

function maxSeverity(findings: readonly Finding[]): Severity | 'none' {
  let best: Severity | 'none' = 'none';
  for (const f of findings) if (best === 'none' || SEVERITY_RANK[f.severity] > SEVERITY_RANK[best]) best = f.severity;
  return best;
}

/** Builds the facts policy reads for one event, after the session has absorbed it. */
export function buildFacts(event: AgentEvent, findings: readonly Finding[], session: SessionState, profile: ToolProfile | undefined): FactsWithEvidence {
  let tool = '';
  let server = '';
  let caps = NO_CAPS;
  let provenance = NO_PROVENANCE;
  let intent: Intent | undefined;
  if (event.kind === 'tool.call' || event.kind === 'tool.result') {
    tool = event.tool.name;
    server = event.tool.server ?? '';
    caps = event.capabilities;
  }
  if (event.kind === 'tool.call') {
    provenance = traceArgs(event.args, session.origins);
    if (profile !== undefined) intent = traceIntent(profile.actionWords, session);
  }
  const facts: Facts = {
    event: {
      kind: event.kind,
      source: event.source,
      tool,
      server,
      capabilities: caps,
      consequential: caps.some((c) => CONSEQUENTIAL.has(c)),
      user: event.actor.user ?? '',
      agent: event.actor.agent ?? '',
    },
    findings: findings.length === 0 ? NO_STRINGS : findings.map((f) => f.kind),
    severity: maxSeverity(findings),
    session: { events: session.nextSeq, ...session.facts },
    args: { from_user: provenance.fromUser, untrusted_only: provenance.untrustedOnly, injected: provenance.injected },
    intent_injected: intent !== undefined && intent.injected && !intent.fromUser,
    intent_from_user: intent?.fromUser ?? false,
  };
  return { facts, provenance, intentFrom: intent?.from ?? [] };
}
