import type { Capability, ToolAnnotations } from '../core/index.js';

/**
 * Resolves what a tool can do (DESIGN.md §3): configuration first, then MCP annotations, then the words of its
 * name and description. The spec's annotation defaults are pessimistic and so are we: a tool we cannot place
 * reads private data, brings in untrusted content, writes, and sends to the open world.
 */

/** Configured classes for one tool, from the config file. */
export interface ToolOverride {
  readonly capabilities: readonly Capability[];
  /** Output of this tool is trusted (written by the operator, not a third party). */
  readonly trusted?: boolean | undefined;
}

export const UNKNOWN_TOOL: readonly Capability[] = Object.freeze([
  'reads-private',
  'reads-untrusted',
  'writes',
  'sends-out',
]);

// Verb lexicon. A tool name is read as Toolkit? Verb Object (`GmailSendEmail`, `send_money`): the first word that
// is a known verb decides, so `get_posts` is a read even though "post" can be a verb.
const VERBS: ReadonlyMap<string, readonly Capability[]> = new Map([
  ...verbs('send forward reply publish share transfer pay withdraw deposit invite tweet retweet upload submit notify export wire tip donate purchase buy sell ship email mail post message sms text', ['sends-out']),
  ...verbs('delete remove erase purge drop destroy wipe revoke uninstall kill terminate truncate discard unsubscribe', ['destroys']),
  ...verbs('create add update set edit modify write append change move rename schedule reschedule book reserve grant unlock lock follow manage install enable disable reset assign redirect place apply insert save register patch put mark archive cancel approve accept decline join leave mute block unblock subscribe commit merge push deploy configure order', ['writes']),
  ...verbs('execute exec run terminal shell bash eval script command python powershell', ['executes']),
  ...verbs('get read list search view fetch find check show download query retrieve lookup look browse navigate open scan stat describe inspect count summarize', ['reads-private']),
]);
// Objects of a read whose content a third party may have written.
const UNTRUSTED_SOURCES: ReadonlySet<string> = new Set(
  'email mail inbox message channel web webpage page browser url site tweet post review comment issue note file document calendar event feed news repository repo chat sms task ticket record profile search'.split(' '),
);

function verbs(list: string, caps: readonly Capability[]): Array<[string, readonly Capability[]]> {
  return list.split(' ').map((w) => [w, caps]);
}

const CAMEL_RE = /([a-z0-9])([A-Z])|([A-Z]+)([A-Z][a-z])/g;
const SPLIT_RE = /[^a-z0-9]+/;

/** Splits a tool name into lower-case words: `GmailSendEmail` → gmail, send, email; `send_money` → send, money. */
export function nameWords(name: string): string[] {
  return name
    .replace(CAMEL_RE, (_m, a: string | undefined, b: string | undefined, c: string | undefined, d: string | undefined) =>
      a !== undefined && b !== undefined ? `${a} ${b}` : `${c ?? ''} ${d ?? ''}`,
    )
    .toLowerCase()
    .split(SPLIT_RE)
    .filter((w) => w.length > 0);
}

function singular(w: string): string {
  return w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w;
}

/** Classes from MCP annotations, or `undefined` when there are none. A missing hint counts as the worst case. */
export function fromAnnotations(a: ToolAnnotations | undefined): Capability[] | undefined {
  if (a === undefined) return undefined;
  const caps: Capability[] = [];
  if (a.readOnlyHint === true) {
    caps.push('reads-private');
    if (a.openWorldHint !== false) caps.push('reads-untrusted');
    return caps;
  }
  caps.push('writes');
  if (a.destructiveHint !== false) caps.push('destroys');
  if (a.openWorldHint !== false) caps.push('sends-out');
  return caps;
}

/** Classes from a tool's name (and description, when there is one). An unplaceable name is pessimistic. */
export function fromName(name: string, description = ''): Capability[] {
  const ws = nameWords(name);
  for (let i = 0; i < ws.length; i++) {
    const verb = VERBS.get(ws[i] as string);
    if (verb === undefined) continue;
    if (verb[0] !== 'reads-private') return [...verb];
    const objects = [...ws.slice(i + 1), ...nameWords(description)];
    return objects.some((w) => UNTRUSTED_SOURCES.has(singular(w))) ? ['reads-private', 'reads-untrusted'] : ['reads-private'];
  }
  return [...UNKNOWN_TOOL];
}

/** Resolves a tool's classes in order of authority: configuration, annotations, then name and description. */
export function resolveCapabilities(opts: {
  name: string;
  override: ToolOverride | undefined;
  annotations: ToolAnnotations | undefined;
  description: string | undefined;
}): readonly Capability[] {
  if (opts.override !== undefined) return opts.override.capabilities;
  return fromAnnotations(opts.annotations) ?? fromName(opts.name, opts.description);
}

// An argument that names a place on the network: a URL, or a bare host under an argument named like one.
const URL_VALUE_RE = /^\s*(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+/i;
const URL_ARG_RE = /^(?:url|uri|link|href|website|site|endpoint|webhook|domain|host)s?$/i;
const HOST_RE = /^\s*[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/\S*)?\s*$/i;

/**
 * A call that contacts a network address the caller chose sends data out, whatever the tool is called:
 * the request itself reaches that host (a tracking URL, data in a query string). Adds `sends-out` then.
 */
export function withNetworkEgress(caps: readonly Capability[], args: { readonly [k: string]: unknown }): readonly Capability[] {
  if (caps.includes('sends-out')) return caps;
  // for…in with an own-property check: Object.entries' keys in its order, without a pair per property.
  for (const k in args) {
    if (!Object.hasOwn(args, k)) continue;
    const v = args[k];
    if (typeof v !== 'string') continue;
    if (URL_VALUE_RE.test(v) || (URL_ARG_RE.test(k) && HOST_RE.test(v))) return [...caps, 'sends-out'];
  }
  return caps;
}
