import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { entryHash, recordHash } from './audit.js';
import { applyPragmas, SqliteStore } from './sqlite.js';
import { decisionRow, eventRow } from './sqlite-rows.js';
import { SCHEMA_VERSION } from './sqlite-schema.js';
import type { AuditReport, AuditRow } from './store.js';
import type { EngineRecord } from '../core/index.js';
import { record, records, tempDir } from './test-records.js';

let tmp: ReturnType<typeof tempDir>;
let path: string;
beforeEach(() => {
  tmp = tempDir();
  path = join(tmp.dir, 'rampart.db');
});
afterEach(() => tmp.remove());

/** Writes session `s` records 1..6 (5 is a deny with a finding) and closes the store. */
async function seed(): Promise<void> {
  const store = new SqliteStore({ path, now: () => 1234 });
  await store.append(records('s', 1, 3));
  await store.append(records('s', 4, 6));
  await store.close();
}

/**
 * Edits the file the way an attacker with write access would: drop the triggers first, then run `edit`.
 * Writes go through a second connection, never through the store.
 */
function attack(edit: (db: Database.Database) => void): void {
  const db = new Database(path);
  const triggers = db.prepare<[], { readonly name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger'").all();
  for (const { name } of triggers) db.exec(`DROP TRIGGER ${name}`);
  edit(db);
  db.close();
}

async function verify(): Promise<AuditReport> {
  const store = new SqliteStore({ path });
  try {
    return await store.auditVerify();
  } finally {
    await store.close();
  }
}

/** The `[id, kind]` pairs of a fresh verification. */
async function problems(): Promise<[number | null, string][]> {
  return (await verify()).problems.map((p) => [p.id, p.kind]);
}

function readAudit(db: Database.Database, id: number): AuditRow {
  const row = db
    .prepare<[number], AuditRow>(
      'SELECT id, at, session_id AS sessionId, seq, kind, action, record_hash AS recordHash, prev_hash AS prevHash, hash FROM audit WHERE id = ?',
    )
    .get(id);
  if (row === undefined) throw new Error(`no audit row ${id}`);
  return row;
}

describe('SqliteStore on disk', () => {
  it('opens in WAL mode with synchronous=NORMAL and records the schema version', async () => {
    await seed();
    const db = new Database(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version FROM schema_version').pluck().get()).toBe(SCHEMA_VERSION);
    // synchronous is per connection (and this build may default to it in WAL): check what the store applies.
    db.pragma('synchronous = FULL');
    applyPragmas(db);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    db.close();
  });

  it('continues one chain across reopening, stamping entries with the injected clock', async () => {
    await seed();
    const store = new SqliteStore({ path, now: () => 9999 });
    await store.append([record('s', 7)]);
    await store.close();
    expect(await verify()).toEqual({ ok: true, checked: 7, problems: [] });
    const db = new Database(path, { readonly: true });
    expect([readAudit(db, 1).at, readAudit(db, 7).at]).toEqual([1234, 9999]);
    db.close();
  });

  it('refuses a database written by a newer schema', async () => {
    await seed();
    attack((db) => db.prepare('UPDATE schema_version SET version = ?').run(SCHEMA_VERSION + 1));
    expect(() => new SqliteStore({ path })).toThrow(/newer/);
  });

  it('rejects UPDATE and DELETE on the audit log while the triggers stand', async () => {
    await seed();
    const db = new Database(path);
    expect(() => db.prepare("UPDATE audit SET action = 'allow' WHERE id = 5").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit WHERE id = 6').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_head').run()).toThrow(/cannot be deleted/);
    expect(() => db.prepare("UPDATE events SET kind = 'prompt' WHERE seq = 5").run()).toThrow(/immutable/);
    db.close();
    expect((await verify()).ok).toBe(true);
  });
});

describe('SqliteStore sessions', () => {
  /** The `sessions` rows after appending `batches`, each batch one `append`. */
  async function sessionRows(file: string, batches: readonly (readonly EngineRecord[])[]): Promise<unknown[]> {
    const store = new SqliteStore({ path: file });
    for (const b of batches) await store.append(b);
    await store.close();
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare('SELECT * FROM sessions ORDER BY id').all();
    } finally {
      db.close();
    }
  }

  it('leaves the same rows when a batch is upserted once per session as one record at a time would', async () => {
    // Interleaved sessions, an agent and user that appear late, times out of order, seqs below the highest
    // (they leave the action alone), and a session that exists before the batch.
    const r = (id: string, seq: number, at: number, action: 'allow' | 'deny', who: { user?: string; agent?: string }): EngineRecord => {
      const base = record(id, seq, { at, action });
      return { ...base, event: { ...base.event, actor: { user: who.user, agent: who.agent } } };
    };
    const before = [r('b', 1, 5_000, 'allow', {})];
    const batch = [
      r('a', 1, 2_000, 'allow', {}),
      r('b', 2, 6_000, 'deny', { agent: 'codex' }),
      r('a', 2, 1_000, 'deny', { user: 'ada' }),
      r('a', 4, 3_000, 'allow', { user: 'bob', agent: 'claude-code' }),
      r('b', 0, 9_000, 'allow', { user: 'cy' }),
      r('a', 3, 4_000, 'deny', {}),
    ];
    const one = await sessionRows(join(tmp.dir, 'one.db'), [before, batch]);
    const each = await sessionRows(join(tmp.dir, 'each.db'), [before, ...batch.map((x) => [x])]);
    expect(one).toEqual(each);
    expect(one).toEqual([
      { id: 'a', agent: 'claude-code', user_id: 'ada', started_at: 1_000, last_seen_at: 4_000, events: 4, last_seq: 4, last_action: 'allow' },
      { id: 'b', agent: 'codex', user_id: 'cy', started_at: 5_000, last_seen_at: 9_000, events: 3, last_seq: 2, last_action: 'deny' },
    ]);
  });
});

describe('SqliteStore.auditVerify against a tampered file', () => {
  it('finds an edited event payload', async () => {
    await seed();
    attack((db) => db.exec("UPDATE events SET payload = replace(payload, 'evil.example', 'good.example') WHERE seq = 5"));
    expect(await problems()).toEqual([[5, 'altered']]);
  });

  it('finds a decision flipped in its index column only', async () => {
    await seed();
    attack((db) => db.exec("UPDATE decisions SET action = 'allow' WHERE seq = 5"));
    const report = await verify();
    expect(report.problems).toEqual([{ id: 5, kind: 'altered', message: 'columns decisions.action of s#5 disagree with the stored record' }]);
  });

  it('finds an edited finding, a rewritten chain and a payload that no longer parses', async () => {
    await seed();
    attack((db) => {
      db.exec("UPDATE findings SET severity = 'low' WHERE seq = 5");
      db.exec("UPDATE decisions SET chain = '[]' WHERE seq = 1");
      db.exec("UPDATE events SET payload = '{' WHERE seq = 2");
    });
    expect(await problems()).toEqual([
      [1, 'altered'],
      [2, 'altered'],
      [5, 'altered'],
    ]);
  });

  it('finds an edited audit entry', async () => {
    await seed();
    attack((db) => db.exec("UPDATE audit SET action = 'allow' WHERE id = 5"));
    expect(await problems()).toEqual([[5, 'altered']]);
  });

  it('finds an entry spliced into the middle with valid hashes and renumbered ids', async () => {
    await seed();
    attack((db) => {
      // Make room at id 3, then forge a record and an entry that links correctly to entry 2.
      db.exec('UPDATE audit SET id = id + 1000 WHERE id >= 3');
      db.exec('UPDATE audit SET id = id - 999 WHERE id >= 1003');
      const forged = record('s', 100, { action: 'allow' });
      const ev = eventRow(forged.event);
      const dec = decisionRow(forged);
      db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(ev.session_id, ev.seq, ev.id, ev.kind, ev.at, ev.source, ev.tool, ev.payload);
      db.prepare('INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?)').run(dec.session_id, dec.seq, dec.action, dec.rule_id, dec.reason, dec.chain, dec.payload);
      const prev = readAudit(db, 2);
      const fields = { at: 1234, sessionId: 's', seq: 100, kind: ev.kind, action: 'allow', recordHash: recordHash(forged), prevHash: prev.hash };
      db.prepare('INSERT INTO audit VALUES (3, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        fields.at, fields.sessionId, fields.seq, fields.kind, fields.action, fields.recordHash, fields.prevHash, entryHash(fields),
      );
    });
    expect(await problems()).toEqual([[3, 'inserted']]);
  });

  it('finds a forged record that no entry audits', async () => {
    await seed();
    attack((db) => {
      const forged = record('s', 50);
      const ev = eventRow(forged.event);
      db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(ev.session_id, ev.seq, ev.id, ev.kind, ev.at, ev.source, ev.tool, ev.payload);
    });
    const report = await verify();
    expect(report.problems).toEqual([{ id: null, kind: 'inserted', message: 'record s#50 has no audit entry (forged, or its entry was deleted)' }]);
  });

  it('finds a deleted record together with its entry', async () => {
    await seed();
    attack((db) => {
      for (const table of ['audit', 'events', 'findings', 'decisions']) db.exec(`DELETE FROM ${table} WHERE seq = 3`);
    });
    expect(await problems()).toEqual([[4, 'deleted']]);
  });

  it('finds a deleted entry whose record stayed', async () => {
    await seed();
    attack((db) => db.exec('DELETE FROM audit WHERE id = 2'));
    expect(await problems()).toEqual([
      [3, 'deleted'],
      [null, 'inserted'],
    ]);
  });

  it('finds a deleted record whose entry stayed', async () => {
    await seed();
    attack((db) => db.exec('DELETE FROM events WHERE seq = 4'));
    expect(await problems()).toEqual([[4, 'deleted']]);
  });

  it('finds two entries that swapped ids', async () => {
    await seed();
    attack((db) => {
      db.exec('UPDATE audit SET id = -1 WHERE id = 2');
      db.exec('UPDATE audit SET id = 2 WHERE id = 3');
      db.exec('UPDATE audit SET id = 3 WHERE id = -1');
    });
    expect(await problems()).toEqual([[2, 'reordered']]);
  });

  it('finds a truncated tail, and the gap once writing resumes', async () => {
    await seed();
    attack((db) => {
      for (const table of ['audit', 'events', 'findings', 'decisions']) db.exec(`DELETE FROM ${table} WHERE seq >= 5`);
    });
    expect(await problems()).toEqual([[6, 'truncated']]);
    const store = new SqliteStore({ path });
    await store.append([record('s', 7)]);
    await store.close();
    const report = await verify();
    expect(report.problems).toEqual([{ id: 7, kind: 'deleted', message: 'audit entry 7 breaks the chain: entries 5..6 are missing' }]);
  });
});
