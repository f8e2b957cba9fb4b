import type { ToolArgs } from '../../core/index.js';
import { SignificantScan } from './significant.js';
import { ANY_INJECTED, MAX_NGRAM, ORIGIN, type OriginIndex } from './origins.js';
import { hashWords } from './words.js';

/** Where the values of one tool call's arguments came from. Lists hold dotted argument paths. */
export interface ArgProvenance {
  readonly fromUser: readonly string[];
  readonly untrustedOnly: readonly string[];
  readonly injected: readonly string[];
  /** Seqs of the events that planted the injected values, for the causal chain. */
  readonly injectedFrom: readonly number[];
}

export const NO_PROVENANCE: ArgProvenance = Object.freeze({
  fromUser: [],
  untrustedOnly: [],
  injected: [],
  injectedFrom: [],
});

/** Bounds on the work one call's arguments may cost, whatever their size. */
const MAX_LEAVES = 64;
const MAX_DEPTH = 6;
const MAX_VALUE_CHARS = 16_384;
/**
 * A value longer than this is content (a message body, a document), not a target. Content that quotes a
 * request found in someone's mail is normal when the user asked to forward that mail; only an override form
 * taints content.
 */
const CONTENT_WORDS = 24;
/** Values this short ("1", "11", "ok") occur everywhere; they prove nothing about where a call came from. */
const MIN_EVIDENCE_CHARS = 3;

interface Acc {
  user: boolean;
  untrusted: boolean;
  injected: boolean;
  seq: number;
}

function classify(acc: Acc, bits: number, seq: number, content: boolean): void {
  if ((bits & ORIGIN.user) !== 0) {
    acc.user = true;
    return;
  }
  if ((bits & (content ? ORIGIN.override : ANY_INJECTED)) !== 0) {
    acc.injected = true;
    acc.seq = seq;
  }
  if ((bits & ORIGIN.untrusted) !== 0) acc.untrusted = true;
}

// Word hashes of the value whole, and of one significant token in it: two buffers, as a token is looked up
// while the value's own hashes are still needed. Tracing is synchronous, so they can be shared.
const valueWords = new Int32Array(CONTENT_WORDS + 1);
const tokenWords = new Int32Array(64);

/** Looks one argument value up: whole (when short) and by its significant tokens. */
function traceValue(value: string, index: OriginIndex, acc: Acc): void {
  // Only the count matters past MAX_NGRAM words, and only up to CONTENT_WORDS.
  const words = hashWords(value, valueWords);
  if (words === 0) return;
  const content = words > CONTENT_WORDS;
  if (words <= MAX_NGRAM && value.trim().length >= MIN_EVIDENCE_CHARS) {
    const hit = index.lookup(valueWords, 0, words);
    if (hit !== undefined) classify(acc, hit.bits, hit.seq, content);
  }
  const scan = new SignificantScan(value, MAX_VALUE_CHARS);
  while (scan.next()) {
    if (scan.end - scan.start < MIN_EVIDENCE_CHARS) continue;
    const hit = index.lookup(tokenWords, 0, hashWords(value, tokenWords, tokenWords.length, scan.start, scan.end));
    if (hit !== undefined) classify(acc, hit.bits, hit.seq, content);
  }
}

/**
 * Traces each argument of a tool call to its sources (DESIGN.md §3, provenance of arguments): the user's
 * words, untrusted tool output, or an injected instruction inside it. An argument counts as injected when
 * one of its values was seen inside an injected instruction and never in the user's words.
 */
export function traceArgs(args: ToolArgs, index: OriginIndex): ArgProvenance {
  const fromUser: string[] = [];
  const untrustedOnly: string[] = [];
  const injected: string[] = [];
  const injectedFrom: number[] = [];
  let leaves = 0;

  const visit = (v: unknown, depth: number, acc: Acc): void => {
    if (leaves >= MAX_LEAVES || depth > MAX_DEPTH) return;
    if (typeof v === 'string') {
      leaves++;
      traceValue(v, index, acc);
    } else if (typeof v === 'number' || typeof v === 'bigint') {
      leaves++;
      traceValue(String(v), index, acc);
    } else if (Array.isArray(v)) {
      for (const item of v) visit(item, depth + 1, acc);
    } else if (v !== null && typeof v === 'object') {
      for (const item of Object.values(v)) visit(item, depth + 1, acc);
    }
  };

  for (const [name, value] of Object.entries(args)) {
    const acc: Acc = { user: false, untrusted: false, injected: false, seq: -1 };
    visit(value, 0, acc);
    if (acc.user) fromUser.push(name);
    if (acc.injected) {
      injected.push(name);
      if (!injectedFrom.includes(acc.seq)) injectedFrom.push(acc.seq);
    }
    if (acc.untrusted && !acc.user) untrustedOnly.push(name);
    if (leaves >= MAX_LEAVES) break;
  }
  if (fromUser.length === 0 && untrustedOnly.length === 0 && injected.length === 0) return NO_PROVENANCE;
  return { fromUser, untrustedOnly, injected, injectedFrom };
}
