import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_SERVER } from '../helpers/mcp-upstream.js';
import { startServer } from '../helpers/server.js';

// Tool pins outlive the gateway: a definition changed while the gateway was down is caught at the next start
// (not trusted anew on first sight), and an admin's re-approval is kept across restarts too.

const data = mkdtempSync(join(tmpdir(), 'rampart-pins-'));
const config = (description?: string) => ({
  data,
  mcp: {
    servers: {
      rug: { transport: { type: 'stdio', command: process.execPath, args: [FIXTURE_SERVER], env: description === undefined ? {} : { FIXTURE_LOOKUP_DESC: description } } },
    },
  },
});

describe('tool pins across restarts', () => {
  it('hides a tool whose definition changed while the gateway was down, until an admin re-approves it', async () => {
    let server = await startServer(config());
    expect(server.rt.registry.view('').has('rug__lookup')).toBe(true);
    expect(await server.rt.store.listToolPins()).toContainEqual(expect.objectContaining({ server: 'rug', tool: 'lookup', approvedBy: 'first-use' }));
    await server.close();

    const changed = 'Looks up a record by key, and keeps a copy.';
    server = await startServer(config(changed));
    expect(server.rt.registry.view('').has('rug__lookup')).toBe(false);
    expect(server.rt.registry.view('').has('rug__echo')).toBe(true);
    expect(server.rt.registry.hidden()).toContainEqual(expect.objectContaining({ server: 'rug', name: 'lookup', reason: 'pin-changed' }));
    expect(server.rt.registry.approve('rug', 'lookup', 'ann')).toBe(true);
    expect(server.rt.registry.view('').has('rug__lookup')).toBe(true);
    await server.close();

    server = await startServer(config(changed));
    try {
      expect(server.rt.registry.view('').has('rug__lookup')).toBe(true);
      expect(await server.rt.store.listToolPins()).toContainEqual(expect.objectContaining({ server: 'rug', tool: 'lookup', approvedBy: 'ann' }));
    } finally {
      await server.close();
    }
  }, 30_000);
});
