import { describe, expect, it } from 'vitest';
import { canonicalJson, chainRecord, entryHash, GENESIS_HEAD, recordHash, recordHashWithEvent, sha256, verifyChain } from './audit.js';
import type { AuditCheck } from './audit.js';
import type { AuditHead } from './store.js';
import { record } from './test-records.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and adds no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('sorts by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, '10': 4, '9': 5 })).toBe('{"10":4,"9":5,"Z":3,"z":2,"é":1}');
  });

  it('follows JSON for undefined, non-finite numbers and toJSON', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, NaN, Infinity], c: new Date(0), f: () => 1 })).toBe(
      '{"b":[null,null,null],"c":"1970-01-01T00:00:00.000Z"}',
    );
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('writes keys sorted and the rest as JSON.stringify does, for many keys and nested values', () => {
    // The reference: sorted keys, the rest as JSON.stringify writes it (which would put integer keys first).
    const sorted = (v: unknown): string => {
      if (Array.isArray(v)) return `[${v.map(sorted).join(',')}]`;
      if (typeof v !== 'object' || v === null) return JSON.stringify(v);
      const o = v as Record<string, unknown>;
      return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${sorted(o[k])}`).join(',')}}`;
    };
    let seed = 7;
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const KEYS = ['a', 'B', 'é', '10', '9', '_meta', 'z', 'aa', 'a b', '\u2028', '😀', 'zz', 'A', '0', 'x"y'];
    const gen = (depth: number): unknown => {
      switch (depth > 3 ? rand(4) : rand(7)) {
        case 0:
          return rand(1000) - 500 + rand(100) / 7;
        case 1:
          return `s${rand(50)}\n"é😀`;
        case 2:
          return rand(2) === 0;
        case 3:
          return null;
        case 4:
          return Array.from({ length: rand(5) }, () => gen(depth + 1));
        default: {
          const o: Record<string, unknown> = {};
          for (let i = rand(24); i > 0; i--) o[rand(3) === 0 ? `k${rand(40)}` : (KEYS[rand(KEYS.length)] as string)] = gen(depth + 1);
          return o;
        }
      }
    };
    for (let i = 0; i < 500; i++) {
      const v = gen(0);
      expect(canonicalJson(v)).toBe(sorted(v));
    }
  });

  it('hashes a value and its JSON read back the same', () => {
    const rec = record('s1', 5);
    const back: unknown = JSON.parse(JSON.stringify(rec));
    expect(canonicalJson(back)).toBe(canonicalJson(rec));
    expect(canonicalJson(JSON.parse(canonicalJson(rec)))).toBe(canonicalJson(rec));
  });

  it('hashes a record from its event JSON exactly as from the record', () => {
    for (const action of ['allow', 'deny', 'ask', 'redact'] as const) {
      const rec = record('s1', 7, { action });
      expect(recordHashWithEvent(rec, canonicalJson(rec.event))).toBe(recordHash(rec));
    }
  });

  it('refuses bigint like JSON.stringify', () => {
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });
});

/** A clean chain of `n` entries over session `s`, each with its record present. */
function chain(n: number, anchor: AuditHead = GENESIS_HEAD): AuditCheck[] {
  const out: AuditCheck[] = [];
  let head = anchor;
  for (let seq = 1; seq <= n; seq++) {
    const rec = record('s', seq);
    const row = chainRecord({ head, record: rec, at: 7 });
    out.push({ row, record: { state: 'present', hash: recordHash(rec) } });
    head = row;
  }
  return out;
}

function headOf(checks: readonly AuditCheck[]): AuditHead {
  const last = checks.at(-1)?.row;
  if (last === undefined) throw new Error('empty chain');
  return { id: last.id, hash: last.hash };
}

/** The `[id, kind]` pairs of a report, for compact assertions. */
function found(checks: readonly AuditCheck[], head: AuditHead | undefined, anchor?: AuditHead): [number | null, string][] {
  return verifyChain(checks, head, { anchor }).problems.map((p) => [p.id, p.kind]);
}

function at(checks: AuditCheck[], id: number): AuditCheck {
  const c = checks.find((x) => x.row.id === id);
  if (c === undefined) throw new Error(`no entry ${id}`);
  return c;
}

/** Re-ids entries, keeping everything else, as an attacker renumbering rows would. */
function renumber(checks: readonly AuditCheck[]): AuditCheck[] {
  return checks.map((c, i) => ({ ...c, row: { ...c.row, id: i + 1 } }));
}

describe('chainRecord', () => {
  it('links the first entry to the genesis hash and each entry to the one before', () => {
    const checks = chain(3);
    expect(checks.map((c) => c.row.id)).toEqual([1, 2, 3]);
    expect(checks[0]?.row.prevHash).toBe(GENESIS_HEAD.hash);
    expect(checks[1]?.row.prevHash).toBe(checks[0]?.row.hash);
    expect(checks[0]?.row.hash).toBe(entryHash(at(checks, 1).row));
    expect(checks[0]?.row.recordHash).toBe(sha256(canonicalJson(record('s', 1))));
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain and counts what it checked', () => {
    const checks = chain(5);
    expect(verifyChain(checks, headOf(checks))).toEqual({ ok: true, checked: 5, problems: [] });
    expect(verifyChain([], undefined)).toEqual({ ok: true, checked: 0, problems: [] });
  });

  it('reports a record that no longer matches its hash', () => {
    const checks = chain(4);
    const c = at(checks, 2);
    checks[1] = { ...c, record: { state: 'present', hash: sha256('other') } };
    expect(found(checks, headOf(checks))).toEqual([[2, 'altered']]);
  });

  it('reports an entry whose fields were edited', () => {
    const checks = chain(4);
    checks[2] = { ...at(checks, 3), row: { ...at(checks, 3).row, action: 'deny', kind: 'tool.call' } };
    expect(found(checks, headOf(checks))).toEqual([[3, 'altered']]);
  });

  it('reports a record that is gone but not one that retention pruned', () => {
    const checks = chain(3);
    checks[0] = { ...at(checks, 1), record: { state: 'missing' } };
    checks[1] = { ...at(checks, 2), record: { state: 'pruned' } };
    expect(found(checks, headOf(checks))).toEqual([[1, 'deleted']]);
  });

  it('reports a deleted entry by the gap it leaves', () => {
    const checks = chain(5).filter((c) => c.row.id !== 3);
    const report = verifyChain(checks, headOf(checks));
    expect(report.problems).toEqual([{ id: 4, kind: 'deleted', message: 'audit entry 4 breaks the chain: entries 3..3 are missing' }]);
  });

  it('reports a deleted entry hidden by renumbering the rest', () => {
    const checks = renumber(chain(5).filter((c) => c.row.id !== 1));
    expect(found(checks, headOf(checks))).toEqual([[1, 'deleted']]);
  });

  it('reports an entry spliced into the chain', () => {
    const clean = chain(4);
    const forged = chainRecord({ head: at(clean, 2).row, record: record('s', 99), at: 7 });
    const checks = renumber([...clean.slice(0, 2), { row: forged, record: { state: 'present', hash: forged.recordHash } }, ...clean.slice(2)]);
    expect(found(checks, headOf(clean))).toEqual([[3, 'inserted']]);
  });

  it('reports entries appended past the head', () => {
    const clean = chain(3);
    const extra = chainRecord({ head: at(clean, 3).row, record: record('s', 4), at: 7 });
    const checks = [...clean, { row: extra, record: { state: 'present', hash: extra.recordHash } } as const];
    expect(found(checks, headOf(clean))).toEqual([[4, 'inserted']]);
  });

  it('reports two entries that swapped places', () => {
    const clean = chain(4);
    const swapped = [at(clean, 1), { ...at(clean, 3), row: { ...at(clean, 3).row, id: 2 } }, { ...at(clean, 2), row: { ...at(clean, 2).row, id: 3 } }, at(clean, 4)];
    expect(found(swapped, headOf(clean))).toEqual([[2, 'reordered']]);
  });

  it('reports a truncated tail through the head', () => {
    const clean = chain(5);
    const report = verifyChain(clean.slice(0, 3), headOf(clean));
    expect(report.problems).toEqual([{ id: 5, kind: 'truncated', message: 'the audit head names entry 5, but the log ends at 3' }]);
    expect(found([], headOf(clean))).toEqual([[5, 'truncated']]);
  });

  it('reports a missing or rewritten head', () => {
    const clean = chain(2);
    expect(found(clean, undefined)).toEqual([[null, 'truncated']]);
    expect(found(clean, { id: 2, hash: sha256('forged') })).toEqual([[2, 'altered']]);
  });

  it('verifies a chain that starts after an anchor', () => {
    const full = chain(6);
    const kept = full.slice(3);
    const anchor = { id: 3, hash: at(full, 3).row.hash };
    expect(found(kept, headOf(full), anchor)).toEqual([]);
    expect(found(kept, headOf(full))).toEqual([[4, 'deleted']]);
  });

  it('sorts problems by entry id, store-level problems last', () => {
    const checks = chain(5).filter((c) => c.row.id !== 2);
    checks[3] = { ...at(checks, 5), record: { state: 'missing' } };
    const ids = verifyChain(checks, undefined).problems.map((p) => p.id);
    expect(ids).toEqual([3, 5, null]);
  });
});

