import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ListRootsRequestSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../../store/sqlite.js';
import type { CliIO } from '../io.js';
import { mcp, nameFor } from './mcp.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/mcp/fixture-server.mjs', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The agent's end of the wrapper's stdio: newline-delimited JSON-RPC over two streams. */
class PipeTransport implements Transport {
  onmessage?: (m: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (e: Error) => void;
  readonly #buf = new ReadBuffer();
  readonly toServer: PassThrough;
  readonly fromServer: PassThrough;
  constructor(toServer: PassThrough, fromServer: PassThrough) {
    this.toServer = toServer;
    this.fromServer = fromServer;
  }
  async start(): Promise<void> {
    this.fromServer.on('data', (c: Buffer) => {
      this.#buf.append(c);
      for (let m = this.#buf.readMessage(); m !== null; m = this.#buf.readMessage()) this.onmessage?.(m);
    });
  }
  async send(m: JSONRPCMessage): Promise<void> {
    this.toServer.write(serializeMessage(m));
  }
  async close(): Promise<void> {
    this.onclose?.();
  }
}

const quiet: CliIO = { out: () => undefined, err: () => undefined, tty: false };

describe('rampart mcp wrap', () => {
  it('proxies a stdio server with the engine in the path and audits to local SQLite', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rampart-wrap-'));
    dirs.push(data);
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let stop = (): void => undefined;
    const done = new Promise<void>((r) => (stop = r));
    const exit = mcp(['wrap', '--data', data, '--name', 'fx', '--', process.execPath, FIXTURE], quiet, { stdin, stdout, done });
    const client = new Client({ name: 'wrap-test', version: '1' });
    await client.connect(new PipeTransport(stdin, stdout));
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('lookup');
    const r = await client.callTool({ name: 'lookup', arguments: { key: 'aws' } });
    const text = (r.content as { text: string }[])[0]?.text ?? '';
    expect(text).toContain('[REDACTED:secret.aws-access-key]');
    await client.close();
    stop();
    expect(await exit).toBe(0);
    const store = new SqliteStore({ path: join(data, 'rampart.db') });
    const sessions = await store.listSessions({ limit: 10 });
    const local = sessions.find((s) => s.id.startsWith('local-'));
    expect(local).toBeDefined();
    const calls = await store.toolCalls(local?.id ?? '');
    expect(calls).toMatchObject([{ server: 'fx', tool: 'lookup', outcome: 'redact', agent: 'wrap-test' }]);
    await store.close();
  });

  it('gives the wrapped server its one client roots, when it asks outside a call and when they change', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rampart-wrap-'));
    dirs.push(data);
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let stop = (): void => undefined;
    const done = new Promise<void>((r) => (stop = r));
    // `env` passes the fixture its switch: the wrapper gives a child only a few variables of its own.
    const exit = mcp(['wrap', '--data', data, '--name', 'fx', '--', '/usr/bin/env', 'FIXTURE_EXTRAS=1', process.execPath, FIXTURE], quiet, { stdin, stdout, done });
    let roots = ['file:///work/one'];
    const client = new Client({ name: 'wrap-roots', version: '1' }, { capabilities: { roots: { listChanged: true } } });
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: roots.map((uri) => ({ uri })) }));
    await client.connect(new PipeTransport(stdin, stdout));
    const said = async (): Promise<string> => ((await client.callTool({ name: 'roots', arguments: {} })).content as { text: string }[])[0]?.text ?? '';
    // The upstream is this client's alone: told at connect that roots changed, it asks, outside any call.
    await vi.waitFor(async () => expect(await said()).toBe('asked=["file:///work/one"] now=["file:///work/one"]'));
    roots = ['file:///work/two'];
    await client.sendRootsListChanged();
    await vi.waitFor(async () => expect(await said()).toBe('asked=["file:///work/two"] now=["file:///work/two"]'));
    await client.close();
    stop();
    expect(await exit).toBe(0);
  });

  it('names the wrapped server after the package or script, not its arguments', () => {
    expect(nameFor('npx', ['-y', '@modelcontextprotocol/server-filesystem', '/home/me'])).toBe('server-filesystem');
    expect(nameFor('node', ['/srv/fixture-server.mjs', '--http'])).toBe('fixture-server');
    expect(nameFor('/usr/local/bin/mcp-github', ['--token-env', 'GH'])).toBe('mcp-github');
  });

  it('explains its usage when no command follows --', async () => {
    const err: string[] = [];
    expect(await mcp(['wrap'], { ...quiet, err: (s) => err.push(s) })).toBe(2);
    expect(err.join('')).toContain('usage: rampart mcp wrap');
  });
});
