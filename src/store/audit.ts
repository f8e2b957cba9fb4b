import { createHash } from 'node:crypto';
import type { EngineRecord } from '../core/index.js';
import type { AuditHead, AuditProblem, AuditReport, AuditRow } from './store.js';

/**
 * The tamper-evident audit chain (DESIGN.md §4), as pure functions shared by every store.
 *
 * Each entry hashes `prevHash + canonicalJson(entry fields)`, where the fields include `recordHash`, the
 * SHA-256 of the canonical record. So an entry vouches for its record and for every entry before it, and the
 * separately stored head vouches for the tail. The entry's `id` is deliberately outside the hash: order lives
 * in the links, ids are only storage positions, and keeping them out lets the verifier tell "reordered" from
 * "altered". Without a key or an external anchor this proves consistency, not authorship: an attacker who
 * rewrites the whole file and recomputes every hash is caught only by comparing the head with a copy kept
 * elsewhere.
 */

/** The `prevHash` of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Where an empty log starts: entry ids begin at 1. */
export const GENESIS_HEAD: AuditHead = { id: 0, hash: GENESIS_HASH };

/**
 * Canonical JSON in the manner of RFC 8785 (JCS): object keys sorted by UTF-16 code units, no whitespace,
 * numbers and strings as `JSON.stringify` writes them. It follows JSON's data model exactly (`toJSON`,
 * `undefined` keys dropped, non-finite numbers as `null`) so that a value and its stored JSON read back
 * hash the same. Throws on `bigint`, as `JSON.stringify` does.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

/** Keys in UTF-16 code unit order (`Array.prototype.sort`'s default); by insertion when few, as most are. */
function sortedKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > k; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = k;
  }
  return keys;
}

// Strings are built by concatenation, not arrays and `join`: this runs over every stored record (the
// store's writer thread spends about a quarter of its time here).
function write(input: unknown): string | undefined {
  let value = input;
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: bigint is not JSON');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += `${i === 0 ? '' : ','}${write(value[i]) ?? 'null'}`;
        return `${out}]`;
      }
      const obj = value as { readonly [key: string]: unknown };
      let out = '{';
      for (const key of sortedKeys(obj)) {
        const v = write(obj[key]);
        if (v !== undefined) out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${v}`;
      }
      return `${out}}`;
    }
  }
}

/** Hex SHA-256 of a UTF-8 string. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The SHA-256 of a record's canonical JSON: what its audit entry's `recordHash` holds. */
export function recordHash(record: EngineRecord): string {
  return sha256(canonicalJson(record));
}

/**
 * `recordHash(record)` for a record whose event's canonical JSON is already at hand (the stored payload), so
 * the event, the bulk of a record, is serialized once per append instead of twice. The same string: a
 * record's keys, sorted, are `decision`, `event`, `findings`.
 */
export function recordHashWithEvent(record: EngineRecord, eventJson: string): string {
  return sha256(`{"decision":${canonicalJson(record.decision)},"event":${eventJson},"findings":${canonicalJson(record.findings)}}`);
}

/** The chained hash of an entry: covers every field but `id` (see the module comment) and `hash` itself. */
export function entryHash(row: Omit<AuditRow, 'id' | 'hash'>): string {
  const { at, sessionId, seq, kind, action, recordHash: rh } = row;
  return sha256(row.prevHash + canonicalJson({ at, sessionId, seq, kind, action, recordHash: rh }));
}

/** Builds the entry that follows `head` for `record`, written at `at`; pass `recordHash` if already known. */
export function chainRecord(entry: {
  readonly head: AuditHead;
  readonly record: EngineRecord;
  readonly at: number;
  readonly recordHash?: string | undefined;
}): AuditRow {
  const { head, record, at } = entry;
  const fields = {
    at,
    sessionId: record.event.sessionId,
    seq: record.event.seq,
    kind: record.event.kind,
    action: record.decision.action,
    recordHash: entry.recordHash ?? recordHash(record),
    prevHash: head.hash,
  };
  return { id: head.id + 1, ...fields, hash: entryHash(fields) };
}

/**
 * What the store holds now for the record an entry audits: its current hash, nothing (deleted), or nothing
 * on purpose (a bounded store's retention dropped it).
 */
export type RecordState =
  | { readonly state: 'present'; readonly hash: string }
  | { readonly state: 'missing' }
  | { readonly state: 'pruned' };

/** One entry to verify, with the state of its record. */
export interface AuditCheck {
  readonly row: AuditRow;
  readonly record: RecordState;
}

/** Options for `verifyChain`. */
export interface VerifyOptions {
  /** The entry the rows follow: `GENESIS_HEAD` unless a bounded store dropped the log's start. */
  readonly anchor?: AuditHead | undefined;
}

/**
 * Verifies entries (in `id` order) against their records and the stored head. Finds an altered record, an
 * altered entry, entries inserted into the chain or past the head, deleted entries (a gap, or a link to a
 * hash no entry has), entries moved out of chain order, and a truncated tail (the head names an entry that
 * is gone).
 *
 * It walks the links backwards from the entry the head names (else the newest): entries the walk reaches
 * form the chain, entries it never reaches were inserted, and a link to an unknown hash marks a deletion,
 * after which the walk resumes at the nearest earlier entry.
 */
export function verifyChain(checks: readonly AuditCheck[], head: AuditHead | undefined, opts: VerifyOptions = {}): AuditReport {
  const anchor = opts.anchor ?? GENESIS_HEAD;
  const rows = checks.map((c) => c.row);
  const problems: AuditProblem[] = [];
  const report = (id: number | null, kind: AuditProblem['kind'], message: string): void => {
    problems.push({ id, kind, message });
  };

  for (const { row, record } of checks) {
    if (entryHash(row) !== row.hash) report(row.id, 'altered', `audit entry ${row.id} no longer matches its hash`);
    if (record.state === 'missing') report(row.id, 'deleted', `the record audited by entry ${row.id} (${row.sessionId}#${row.seq}) is gone`);
    else if (record.state === 'present' && record.hash !== row.recordHash) {
      report(row.id, 'altered', `the record audited by entry ${row.id} (${row.sessionId}#${row.seq}) was changed`);
    }
  }

  const byHash = new Map<string, number>();
  rows.forEach((row, i) => byHash.set(row.hash, i));
  const onChain = new Set<number>();
  // Start at the entry the head vouches for, so entries appended past it show as inserted.
  const headAt = head === undefined ? undefined : byHash.get(head.hash);
  let pos = headAt ?? rows.length - 1;
  while (pos >= 0) {
    onChain.add(pos);
    const row = rows[pos];
    if (row === undefined || row.prevHash === anchor.hash) break;
    const prev = byHash.get(row.prevHash);
    if (prev !== undefined && !onChain.has(prev)) {
      if (prev > pos) report(row.id, 'reordered', `audit entry ${row.id} follows entry ${rows[prev]?.id ?? '?'} in the chain but precedes it in the log`);
      pos = prev;
      continue;
    }
    // The link points at a hash no entry has (or loops): the entry before was deleted, or rewritten.
    let resume = pos - 1;
    while (resume >= 0 && onChain.has(resume)) resume--;
    const before = rows[resume]?.id ?? anchor.id;
    const gap = row.id - before - 1 > 0 ? `entries ${before + 1}..${row.id - 1} are missing` : 'the entry it links to is missing or was rewritten';
    report(row.id, 'deleted', `audit entry ${row.id} breaks the chain: ${gap}`);
    pos = resume;
  }
  rows.forEach((row, i) => {
    if (!onChain.has(i)) report(row.id, 'inserted', `audit entry ${row.id} is not on the chain`);
  });

  if (headAt === undefined) checkHead(rows, head, anchor, report);
  problems.sort((a, b) => (a.id ?? Infinity) - (b.id ?? Infinity));
  return { ok: problems.length === 0, checked: rows.length, problems };
}

function checkHead(
  rows: readonly AuditRow[],
  head: AuditHead | undefined,
  anchor: AuditHead,
  report: (id: number | null, kind: AuditProblem['kind'], message: string) => void,
): void {
  const last = rows.at(-1) ?? anchor;
  if (head === undefined) {
    if (rows.length > 0) report(null, 'truncated', 'the audit head is missing');
  } else if (head.hash === last.hash) {
    return; // Only for an empty log: the head is the anchor itself.
  } else if (head.id > last.id) {
    report(head.id, 'truncated', `the audit head names entry ${head.id}, but the log ends at ${last.id}`);
  } else {
    report(head.id, 'altered', `the audit head does not match any entry (it names entry ${head.id})`);
  }
}

/** Joins a chain report with problems a store found on its own (e.g. records no entry audits). */
export function withProblems(report: AuditReport, extra: readonly AuditProblem[]): AuditReport {
  if (extra.length === 0) return report;
  const problems = [...report.problems, ...extra].sort((a, b) => (a.id ?? Infinity) - (b.id ?? Infinity));
  return { ok: false, checked: report.checked, problems };
}
