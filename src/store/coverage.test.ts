import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { MemoryStore } from './memory.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';
import { tempDir } from './test-records.js';

// The coverage part of the Store contract, against each implementation.

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const IMPLEMENTATIONS: readonly [string, () => Store][] = [
  ['MemoryStore', () => new MemoryStore()],
  [
    'SqliteStore',
    () => {
      const tmp = tempDir();
      const store = new SqliteStore({ path: join(tmp.dir, 'rampart.db') });
      cleanups.push(() => {
        void store.close();
        tmp.remove();
      });
      return store;
    },
  ],
];

describe.each(IMPLEMENTATIONS)('%s coverage', (_name, open) => {
  it('merges sightings of one agent, user and host, and lists the most recent first', async () => {
    const store = open();
    await store.recordCoverage([
      { agent: 'claude-code', user: 'ana', host: 'm1', firstSeen: 100, lastSeen: 200, events: 3 },
      { agent: 'codex', user: 'bo', host: 'm2', firstSeen: 150, lastSeen: 150, events: 1 },
    ]);
    await store.recordCoverage([{ agent: 'claude-code', user: 'ana', host: 'm1', firstSeen: 90, lastSeen: 300, events: 2 }]);
    expect(await store.listCoverage()).toEqual([
      { agent: 'claude-code', user: 'ana', host: 'm1', firstSeen: 90, lastSeen: 300, events: 5 },
      { agent: 'codex', user: 'bo', host: 'm2', firstSeen: 150, lastSeen: 150, events: 1 },
    ]);
  });

  it('keeps the same user on two machines apart, and honours the limit', async () => {
    const store = open();
    await store.recordCoverage([
      { agent: 'cursor', user: 'ana', host: 'm1', firstSeen: 1, lastSeen: 1, events: 1 },
      { agent: 'cursor', user: 'ana', host: 'm2', firstSeen: 2, lastSeen: 2, events: 1 },
    ]);
    expect((await store.listCoverage()).map((e) => e.host)).toEqual(['m2', 'm1']);
    expect(await store.listCoverage({ limit: 1 })).toHaveLength(1);
  });

  it('reports nothing before any hook was seen', async () => {
    expect(await open().listCoverage()).toEqual([]);
  });
});

describe('SqliteStore coverage persistence', () => {
  it('survives a reopen', async () => {
    const tmp = tempDir();
    const path = join(tmp.dir, 'rampart.db');
    try {
      const a = new SqliteStore({ path });
      await a.recordCoverage([{ agent: 'gemini-cli', user: 'u', host: 'h', firstSeen: 5, lastSeen: 6, events: 2 }]);
      await a.close();
      const b = new SqliteStore({ path });
      expect(await b.listCoverage()).toEqual([{ agent: 'gemini-cli', user: 'u', host: 'h', firstSeen: 5, lastSeen: 6, events: 2 }]);
      await b.close();
    } finally {
      tmp.remove();
    }
  });
});
