import { toolKey, type AgentEvent, type Finding } from '../core/index.js';
import { collapseSpaces } from './detectors/redact.js';

const MAX_VALUE = 48;

/** `s` with whitespace runs collapsed, cut to `n` chars with an ellipsis. Reads only as much of `s` as it needs. */
export function clip(s: string, n: number): string {
  for (let take = n * 2 + 16; ; take *= 4) {
    const whole = take >= s.length;
    const t = collapseSpaces(whole ? s : s.slice(0, take)).trim();
    if (t.length > n) return `${t.slice(0, n)}…`;
    if (whole) return t;
  }
}

/**
 * Finding kinds that say an argument's value itself is sensitive (a credential, personal data, data smuggled
 * in a URL). Other findings describe what a call does (`shell.exfil`, `file.secret-read`): masking those
 * would hide the very command a reader of the chain needs to see. A command that also carries a literal
 * secret has a `secret.*` finding of its own, and is masked for that.
 */
function holdsSensitiveValue(kind: string): boolean {
  return kind.startsWith('secret.') || kind.startsWith('pii.') || kind === 'exfil.url-data';
}

/**
 * A one-line description of an event for the causal chain. Argument values that a detector flagged as
 * sensitive (secrets, personal data) are masked, so the chain is safe to log and to show in the console.
 */
export function summarize(event: AgentEvent, findings: readonly Finding[]): string {
  switch (event.kind) {
    case 'prompt':
      return `user asked: "${clip(event.text, 100)}"`;
    case 'model.output':
      return `model said: "${clip(event.text, 100)}"`;
    case 'tool.call': {
      const masked = new Set(findings.filter((f) => f.arg !== undefined && f.severity !== 'info' && holdsSensitiveValue(f.kind)).map((f) => f.arg?.split('.')[0]));
      const parts: string[] = [];
      for (const [k, v] of Object.entries(event.args)) {
        if (parts.length >= 6) break;
        const shown = masked.has(k) ? '[redacted]' : clip(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''), MAX_VALUE);
        parts.push(`${k}=${shown}`);
      }
      return `called ${toolKey(event.tool)}(${parts.join(', ')})`;
    }
    case 'tool.result': {
      const inj = findings.find((f) => f.kind.startsWith('injection.') && f.excerpt !== undefined);
      const base = `${toolKey(event.tool)} returned ${event.content.length} chars`;
      return inj === undefined ? base : `${base} containing "${clip(inj.excerpt ?? '', 240)}"`;
    }
    case 'tools.list':
      return `tools listed: ${event.tools.slice(0, 5).map(toolKey).join(', ')}${event.tools.length > 5 ? ', …' : ''}`;
    case 'session.start':
      return 'session started';
    case 'session.end':
      return 'session ended';
    case 'hook':
      return `hook ${event.name === '' ? '(unreadable)' : event.name}: ${event.note}`;
  }
}
