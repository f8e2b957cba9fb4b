import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryStore } from './memory.js';
import { openStore } from './open-store.js';
import { SqliteStore } from './sqlite.js';
import { records, tempDir } from './test-records.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

describe('openStore', () => {
  it('opens a MemoryStore for :memory:', async () => {
    const store = await openStore({ data: ':memory:' });
    expect(store).toBeInstanceOf(MemoryStore);
    await store.close();
  });

  it('creates the data directory and rampart.db inside it', async () => {
    const dir = join(tmp.dir, 'nested', 'data');
    const store = await openStore({ data: dir });
    expect(store).toBeInstanceOf(SqliteStore);
    await store.append(records('s', 1, 2));
    await store.close();
    expect(existsSync(join(dir, 'rampart.db'))).toBe(true);
    const again = await openStore({ data: dir });
    expect((await again.getSession('s'))?.events).toBe(2);
    await again.close();
  });
});
