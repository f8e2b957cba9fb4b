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

  it('answers a plain tools/call as the SDK path does, and a cancelled one not at all', async () => {
    const data = mkdtempSync(join(tmpdir(), 'rampart-wrap-'));
    dirs.push(data);
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let stop = (): void => undefined;
    const done = new Promise<void>((r) => (stop = r));
    const exit = mcp(['wrap', '--data', data, '--name', 'fx', '--', process.execPath, FIXTURE], quiet, { stdin, stdout, done });
    const replies = new Map<string | number, JSONRPCMessage>();
    const buf = new ReadBuffer();
    stdout.on('data', (c: Buffer) => {
      buf.append(c);
      for (let m = buf.readMessage(); m !== null; m = buf.readMessage()) if ('id' in m && m.id !== undefined && !('method' in m)) replies.set(m.id, m);
    });
    const send = (m: Record<string, unknown>): void => void stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
    const reply = async (id: string | number): Promise<JSONRPCMessage> => {
      await vi.waitFor(() => expect(replies.has(id)).toBe(true), { timeout: 5000 });
      return replies.get(id) as JSONRPCMessage;
    };
    const store = new SqliteStore({ path: join(data, 'rampart.db') });
    const audited = async (): Promise<string[]> => {
      const session = (await store.listSessions({ limit: 10 })).find((s) => s.id.startsWith('local-'));
      return (await store.toolCalls(session?.id ?? '')).map((c) => `${c.tool}:${c.outcome}`);
    };
    const calls: Record<string, unknown>[] = [
      { name: 'echo', arguments: { text: 'plain' } },
      { name: 'lookup', arguments: { key: 'aws' } },
      { name: 'nope', arguments: {} },
      { name: 'echo', arguments: { text: 7 } },
      { name: 'echo' },
    ];
    // The same calls, first with a client the fast path serves, then (after it declares it takes sampling,
    // which needs the SDK's routing) with the SDK path; ids differ by prefix only.
    const run = async (prefix: string, capabilities: Record<string, unknown>): Promise<unknown[]> => {
      send({ id: `${prefix}init`, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities, clientInfo: { name: 'raw', version: '1' } } });
      await reply(`${prefix}init`);
      send({ method: 'notifications/initialized' });
      const out: unknown[] = [];
      for (const [i, params] of calls.entries()) {
        send({ id: `${prefix}${i}`, method: 'tools/call', params });
        const r = (await reply(`${prefix}${i}`)) as Record<string, unknown>;
        out.push({ ...r, id: i });
      }
      // A cancelled call gets no reply; the next one does.
      send({ id: `${prefix}hang`, method: 'tools/call', params: { name: 'hang', arguments: {} } });
      await new Promise((r) => setTimeout(r, 50));
      send({ method: 'notifications/cancelled', params: { requestId: `${prefix}hang`, reason: 'user' } });
      send({ id: `${prefix}after`, method: 'tools/call', params: { name: 'echo', arguments: { text: 'after' } } });
      expect(await reply(`${prefix}after`)).toMatchObject({ result: { content: [{ type: 'text', text: 'after' }] } });
      // The cancellation reached the upstream call: it ended (audited as an error) while the session is open.
      await vi.waitFor(async () => expect((await audited()).filter((o) => o === 'hang:error')).toHaveLength(prefix === 'f' ? 1 : 2), { timeout: 5000 });
      expect(replies.has(`${prefix}hang`)).toBe(false);
      return out;
    };
    const fast = await run('f', {});
    const sdk = await run('s', { sampling: {} });
    expect(fast).toEqual(sdk);
    expect(fast[0]).toMatchObject({ result: { content: [{ type: 'text', text: 'plain' }] } });
    expect(fast[1]).toMatchObject({ result: { content: [{ text: expect.stringContaining('[REDACTED:secret.aws-access-key]') }] } });
    expect(fast[2]).toMatchObject({ error: { code: -32602, message: expect.stringContaining('Unknown tool: nope') } });
    expect(fast[3]).toMatchObject({ result: { isError: true, content: [{ text: expect.stringContaining('Invalid arguments for tool echo') }] } });
    stdin.end();
    stop();
    expect(await exit).toBe(0);
    const outcomes = await audited();
    // Both halves audited alike: 5 calls, the cancelled hang and the call after it, twice.
    expect(outcomes.filter((o) => o === 'lookup:redact')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'nope:unknown-tool')).toHaveLength(2);
    expect(outcomes.filter((o) => o.startsWith('hang:'))).toHaveLength(2);
    expect(outcomes).toHaveLength(14);
    await store.close();
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
