import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigSchema } from '../../src/config/schema.js';
import type { Principal } from '../../src/mcp/principal.js';
import { createApp } from '../../src/server/app.js';
import { createRuntime, DEFAULT_POLICY_PATH, type Runtime } from '../../src/server/runtime.js';
import { EVERYTHING, FILESYSTEM, FIXTURE_SERVER, freePort, spawnHttpServer } from '../helpers/mcp-upstream.js';

let rt: Runtime;
let base: string;
let httpUpstream: ChildProcess;
let fixturePort: number;
let everythingHttp: ChildProcess;
let close: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), 'rampart-mcp-e2e-'));
const ADMIN_TOKEN = 'admin-token-for-mcp-e2e-0123456789';

const POLICY = `
version: 1
id: mcp-test
rules:
  - id: no-deletes-for-alice
    description: Alice may not delete.
    when: event.kind == "tool.call" && event.tool == "delete_item" && event.user == "alice"
    action: deny
    severity: high
access:
  - id: nobody-for-mallory
    users: [mallory]
    action: deny
  - id: devs-read-only
    groups: [dev]
    servers: [fx]
    readOnly: false
    action: deny
`;

/** Test identity: the `x-test-user` header names the user; `dev` users are in group `dev`. */
async function authenticate(req: { headers: Record<string, string | string[] | undefined> }): Promise<Principal> {
  const user = String(req.headers['x-test-user'] ?? 'alice');
  return { user, groups: user.startsWith('dev') ? ['dev'] : user.startsWith('admin') ? ['admin'] : [], via: 'api-key' };
}

beforeAll(async () => {
  fixturePort = await freePort();
  httpUpstream = await spawnHttpServer({ script: FIXTURE_SERVER, args: ['--http', String(fixturePort)], ready: /listening/ });
  const everythingPort = await freePort();
  everythingHttp = await spawnHttpServer({ script: EVERYTHING, args: ['streamableHttp'], env: { PORT: String(everythingPort) }, ready: /listening on port/i });
  writeFileSync(join(dir, 'policy.yaml'), POLICY);
  writeFileSync(join(dir, 'note.txt'), 'hello from the filesystem');
  const node = process.execPath;
  const config = ConfigSchema.parse({
    data: join(dir, 'data'),
    policies: [DEFAULT_POLICY_PATH, join(dir, 'policy.yaml')],
    identity: { adminToken: ADMIN_TOKEN },
    mcp: {
      callTimeoutMs: 1500,
      servers: {
        fx: { transport: { type: 'stdio', command: node, args: [FIXTURE_SERVER] }, tools: { mutate: { approved: false } } },
        rug: { transport: { type: 'stdio', command: node, args: [FIXTURE_SERVER] } },
        crashy: { transport: { type: 'stdio', command: node, args: [FIXTURE_SERVER] } },
        poison: { transport: { type: 'stdio', command: node, args: [FIXTURE_SERVER], env: { FIXTURE_POISON: '1' } } },
        every: { transport: { type: 'stdio', command: node, args: [EVERYTHING, 'stdio'] } },
        everyhttp: { transport: { type: 'http', url: `http://127.0.0.1:${everythingPort}/mcp` } },
        hfx: { transport: { type: 'http', url: `http://127.0.0.1:${fixturePort}/mcp` } },
        fs: { transport: { type: 'stdio', command: node, args: [FILESYSTEM, dir] } },
        off: { transport: { type: 'stdio', command: node, args: [FIXTURE_SERVER] }, approved: false },
      },
      virtualServers: { mix: { tools: ['fx/lookup', 'every/echo', 'hfx/lookup'] } },
    },
  });
  const created = await createRuntime(config);
  if (!created.ok) throw new Error(created.error.join('\n'));
  rt = created.value;
  const app = createApp(rt, { authenticate });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  close = async () => {
    await app.close();
    await rt.close();
    httpUpstream.kill();
    everythingHttp.kill();
  };
}, 60_000);
afterAll(async () => close(), 30_000);

async function connect(path = '/mcp', user = 'alice'): Promise<Client> {
  const client = new Client({ name: 'e2e-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}${path}`), { requestInit: { headers: { 'x-test-user': user } } }));
  return client;
}

function text(r: unknown): string {
  return (((r as { content?: unknown }).content ?? []) as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');
}

describe('the MCP gateway over Streamable HTTP, with the official SDK client', () => {
  it('aggregates every approved server at /mcp, prefixed, names at most 64 characters and unique', async () => {
    const c = await connect();
    const { tools } = await c.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['fx__lookup', 'every__echo', 'everyhttp__echo', 'hfx__lookup', 'fs__read_text_file']));
    expect(names.every((n) => n.length <= 64)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    // Not approved: a server, and a tool of an approved server.
    expect(names.some((n) => n.startsWith('off__'))).toBe(false);
    expect(names).not.toContain('fx__mutate');
    await c.close();
  });

  it('calls tools on stdio and Streamable HTTP upstreams', async () => {
    const c = await connect();
    expect(text(await c.callTool({ name: 'every__echo', arguments: { message: 'hi' } }))).toBe('Echo: hi');
    expect(text(await c.callTool({ name: 'everyhttp__echo', arguments: { message: 'over http' } }))).toBe('Echo: over http');
    expect(text(await c.callTool({ name: 'hfx__lookup', arguments: { key: 'k1' } }))).toBe('record k1');
    expect(text(await c.callTool({ name: 'fs__read_text_file', arguments: { path: join(dir, 'note.txt') } }))).toContain('hello from the filesystem');
    await c.close();
  });

  it('serves one server unprefixed at /mcp/<server> and a virtual server at /mcp/<name>', async () => {
    const one = await connect('/mcp/fx');
    const names = (await one.listTools()).tools.map((t) => t.name);
    expect(names).toContain('lookup');
    expect(names.some((n) => n.includes('__'))).toBe(false);
    expect(text(await one.callTool({ name: 'lookup', arguments: { key: 'a' } }))).toBe('record a');
    await one.close();
    const mix = await connect('/mcp/mix');
    const mixNames = (await mix.listTools()).tools.map((t) => t.name).sort();
    // fx/lookup and hfx/lookup collide unprefixed: the second gets a hash suffix.
    expect(mixNames).toHaveLength(3);
    expect(mixNames).toContain('echo');
    expect(mixNames).toContain('lookup');
    expect(text(await mix.callTool({ name: 'echo', arguments: { message: 'v' } }))).toBe('Echo: v');
    await mix.close();
  });

  it('serves old clients over the HTTP+SSE transport (2024-11-05)', async () => {
    const c = new Client({ name: 'old-agent', version: '0.9.0' });
    await c.connect(new SSEClientTransport(new URL(`${base}/mcp-sse/fx`), { requestInit: { headers: { 'x-test-user': 'alice' } }, eventSourceInit: { fetch: (u, init) => fetch(u, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-test-user': 'alice' } }) } }));
    expect((await c.listTools()).tools.map((t) => t.name)).toContain('lookup');
    expect(text(await c.callTool({ name: 'lookup', arguments: { key: 'aws' } }))).toContain('[REDACTED:secret.aws-access-key]');
    await c.close();
  });

  it('redacts a secret in a tool result before it reaches the client', async () => {
    const c = await connect();
    const out = text(await c.callTool({ name: 'fx__lookup', arguments: { key: 'aws' } }));
    expect(out).not.toContain('AKIAZ7QX3LMN4PRSTUVW');
    expect(out).toContain('[REDACTED:secret.aws-access-key]');
    await c.close();
  });

  it('refuses a call the policy denies, with the rule and reason in a JSON-RPC error', async () => {
    const c = await connect('/mcp', 'alice');
    await expect(c.callTool({ name: 'fx__delete_item', arguments: { key: 'x' } })).rejects.toMatchObject({ code: -32003, message: expect.stringContaining('no-deletes-for-alice') });
    const bob = await connect('/mcp', 'bob');
    expect(text(await bob.callTool({ name: 'fx__delete_item', arguments: { key: 'x' } }))).toBe('deleted x');
    await Promise.all([c.close(), bob.close()]);
  });

  it('hides tools access rules deny (missing annotations count as destructive) and refuses them on call', async () => {
    const dev = await connect('/mcp', 'dev-dana');
    const names = (await dev.listTools()).tools.map((t) => t.name);
    expect(names).toContain('fx__lookup');
    expect(names).not.toContain('fx__delete_item');
    expect(names).toContain('hfx__delete_item');
    await expect(dev.callTool({ name: 'fx__delete_item', arguments: { key: 'x' } })).rejects.toMatchObject({ code: -32003, message: expect.stringContaining('devs-read-only') });
    const mallory = await connect('/mcp', 'mallory');
    expect((await mallory.listTools()).tools).toEqual([]);
    await Promise.all([dev.close(), mallory.close()]);
  });

  it('hides a tool whose description was poisoned at registration', () => {
    expect(rt.registry.hidden()).toContainEqual(expect.objectContaining({ server: 'poison', name: 'helper', reason: 'poisoned' }));
    expect([...rt.registry.view('').keys()]).not.toContain('poison__helper');
    expect([...rt.registry.view('').keys()]).toContain('poison__lookup');
  });

  it('forwards progress notifications to the calling client', async () => {
    const c = await connect();
    const seen: number[] = [];
    const r = await c.callTool({ name: 'fx__slow', arguments: {} }, undefined, { onprogress: (p) => seen.push(p.progress) });
    expect(text(r)).toBe('done');
    // The SDK client handles a notification a tick after the response in the same read, so under load the
    // last progress may race the result; the first ones must arrive, in order.
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual([1, 2, 3].slice(0, seen.length));
    await c.close();
  });

  it('pins tool definitions: a changed definition is hidden, flagged, announced, and re-approvable', async () => {
    const c = await connect();
    const changed = new Promise<void>((resolve) => c.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    expect((await c.listTools()).tools.map((t) => t.name)).toContain('rug__lookup');
    await c.callTool({ name: 'rug__mutate', arguments: {} });
    await changed;
    await vi.waitFor(() => expect(rt.registry.hidden()).toContainEqual(expect.objectContaining({ server: 'rug', name: 'lookup', reason: 'pin-changed' })));
    expect((await c.listTools()).tools.map((t) => t.name)).not.toContain('rug__lookup');
    await expect(c.callTool({ name: 'rug__lookup', arguments: { key: 'a' } })).rejects.toMatchObject({ code: -32602 });
    // The finding is in the audit store, on the registry's tools.list event.
    await rt.writer.flush();
    const recs = await rt.store.sessionEvents('mcp-registry:rug');
    expect(recs.some((r) => r.findings.some((f) => f.kind === 'tool-pin.changed' && f.arg === 'lookup'))).toBe(true);
    // Re-approval through the admin API: refused without the admin token, done with it. The old
    // /v1/mcp/registry and /v1/mcp/approve are gone: /admin/v1/mcp/* covers them.
    const approve = (headers: Record<string, string>): Promise<Response> =>
      fetch(`${base}/admin/v1/mcp/approve`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ server: 'rug', tool: 'lookup' }) });
    expect((await approve({ 'x-test-user': 'alice' })).status).toBe(401);
    expect((await fetch(`${base}/v1/mcp/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const detail = (await (await fetch(`${base}/admin/v1/mcp/servers/rug`, { headers: admin })).json()) as { state: string; hidden: { server: string; name: string; reason: string }[]; stderr: string[] };
    expect(detail).toMatchObject({ state: 'ready', stderr: expect.any(Array) });
    expect(detail.hidden).toContainEqual(expect.objectContaining({ server: 'rug', name: 'lookup', reason: 'pin-changed' }));
    expect((await approve(admin)).status).toBe(200);
    expect((await c.listTools()).tools.map((t) => t.name)).toContain('rug__lookup');
    await c.close();
  });

  it('survives an upstream that crashes mid-call, and restarts it', async () => {
    const c = await connect();
    await expect(c.callTool({ name: 'crashy__crash', arguments: {} })).rejects.toMatchObject({ code: -32603 });
    expect(text(await c.callTool({ name: 'every__echo', arguments: { message: 'still here' } }))).toBe('Echo: still here');
    await vi.waitFor(() => expect(rt.registry.upstreams.get('crashy')?.state).toBe('ready'), { timeout: 10_000, interval: 100 });
    expect(rt.registry.upstreams.get('crashy')?.restarts).toBeGreaterThanOrEqual(1);
    expect(text(await c.callTool({ name: 'crashy__lookup', arguments: { key: 'b' } }))).toBe('record b');
    await c.close();
  });

  it('reconnects to a Streamable HTTP upstream that restarted and lost its sessions', async () => {
    const c = await connect();
    expect(text(await c.callTool({ name: 'hfx__lookup', arguments: { key: 'before' } }))).toBe('record before');
    const before = rt.registry.upstreams.get('hfx')?.restarts ?? 0;
    httpUpstream.kill();
    await new Promise((r) => httpUpstream.once('exit', r));
    httpUpstream = await spawnHttpServer({ script: FIXTURE_SERVER, args: ['--http', String(fixturePort)], ready: /listening/ });
    // The first call meets the new server's 404 for the old session: it fails, and the gateway reconnects.
    await expect(c.callTool({ name: 'hfx__lookup', arguments: { key: 'lost' } })).rejects.toBeDefined();
    await vi.waitFor(() => expect(rt.registry.upstreams.get('hfx')?.restarts).toBeGreaterThan(before), { timeout: 10_000, interval: 100 });
    await vi.waitFor(() => expect(rt.registry.upstreams.get('hfx')?.state).toBe('ready'), { timeout: 10_000, interval: 100 });
    expect(text(await c.callTool({ name: 'hfx__lookup', arguments: { key: 'after' } }))).toBe('record after');
    await c.close();
  });

  it('times out an upstream that never answers, and keeps serving', async () => {
    const c = await connect();
    await expect(c.callTool({ name: 'fx__hang', arguments: {} })).rejects.toMatchObject({ code: -32603, message: expect.stringContaining('did not answer in time') });
    expect(text(await c.callTool({ name: 'fx__lookup', arguments: { key: 'c' } }))).toBe('record c');
    await c.close();
  });

  it('routes a client cancellation to the upstream call', async () => {
    const c = await connect();
    const fx = rt.registry.upstreams.get('fx');
    const before = fx?.stderr.lines().filter((l) => l.startsWith('hang cancelled')).length ?? 0;
    const started = fx?.stderr.lines().filter((l) => l.startsWith('hang started')).length ?? 0;
    const ac = new AbortController();
    const pending = c.callTool({ name: 'fx__hang', arguments: {} }, undefined, { signal: ac.signal });
    await vi.waitFor(() => expect(fx?.stderr.lines().filter((l) => l.startsWith('hang started')).length).toBe(started + 1));
    ac.abort('user pressed stop');
    await expect(pending).rejects.toBeDefined();
    await vi.waitFor(() => expect(fx?.stderr.lines().filter((l) => l.startsWith('hang cancelled')).length).toBe(before + 1), { timeout: 5000 });
    await c.close();
  });

  it('audits every call and its result in the MCP session, with user and agent', async () => {
    const c = await connect('/mcp', 'audit-user');
    await c.callTool({ name: 'every__echo', arguments: { message: 'audited' } });
    const sid = (c.transport as StreamableHTTPClientTransport).sessionId as string;
    await rt.writer.flush();
    const recs = await rt.store.sessionEvents(sid);
    const call = recs.find((r) => r.event.kind === 'tool.call');
    const result = recs.find((r) => r.event.kind === 'tool.result');
    expect(call?.event).toMatchObject({ source: 'mcp', actor: { user: 'audit-user', agent: 'e2e-agent' }, tool: { server: 'every', name: 'echo' }, args: { message: 'audited' } });
    expect(result?.event).toMatchObject({ source: 'mcp', content: 'Echo: audited', isError: false });
    expect((await rt.store.auditVerify()).ok).toBe(true);
    await expect(c.callTool({ name: 'fx__delete_item', arguments: { key: 'k' } })).resolves.toBeDefined();
    await rt.calls.flush();
    const calls = await rt.store.toolCalls(sid);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ user: 'audit-user', agent: 'e2e-agent', server: 'every', tool: 'echo', args: '{"message":"audited"}', outcome: 'allow', isError: false, callSeq: call?.event.seq });
    expect(calls[0]?.resultBytes).toBeGreaterThan(0);
    expect(calls[0]?.resultSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(calls[0]?.latencyMs).toBeGreaterThan(0);
    await c.close();
  });

  it('audits refused and failed calls with their outcome and rule', async () => {
    const c = await connect('/mcp', 'alice');
    const sid = (c.transport as StreamableHTTPClientTransport).sessionId as string;
    await expect(c.callTool({ name: 'fx__delete_item', arguments: { key: 'x' } })).rejects.toBeDefined();
    await expect(c.callTool({ name: 'no__such', arguments: {} })).rejects.toMatchObject({ code: -32602 });
    await rt.calls.flush();
    expect((await rt.store.toolCalls(sid)).map((r) => [r.outcome, r.rule])).toEqual([
      ['deny', 'no-deletes-for-alice'],
      ['unknown-tool', undefined],
    ]);
    await c.close();
  });
});

describe('bad input at /mcp', () => {
  const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

  async function rpc(body: string, extra: Record<string, string> = {}, path = '/mcp') {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { ...headers, ...extra }, body });
    const t = await res.text();
    return { status: res.status, body: t.startsWith('{') ? (JSON.parse(t) as { error?: { code: number } }) : t, headers: res.headers };
  }

  it('answers malformed JSON with a parse error (-32700)', async () => {
    const r = await rpc('{"jsonrpc": "2.0", ');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
  });

  it('answers an unknown session with 404', async () => {
    const r = await rpc(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }), { 'mcp-session-id': 'no-such-session' });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: { code: -32001 } });
  });

  it('refuses a request without a session that is not initialize', async () => {
    const r = await rpc(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: { code: -32600 } });
  });

  it('refuses a foreign Origin with 403 (DNS rebinding)', async () => {
    const r = await rpc(JSON.stringify(init), { origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ error: { code: -32002 } });
    // The gateway's own origin (a page on localhost) is fine.
    expect((await rpc(JSON.stringify(init), { origin: base })).status).toBe(200);
  });

  it('refuses an oversized message with 413 in JSON-RPC form', async () => {
    const big = JSON.stringify({ ...init, params: { ...init.params, pad: 'x'.repeat(rt.config.server.maxBodyBytes + 10) } });
    const r = await rpc(big);
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 } });
  });

  it('refuses an unsupported protocol version on a session', async () => {
    const first = await rpc(JSON.stringify(init));
    const sid = first.headers.get('mcp-session-id') as string;
    expect(sid).toBeTruthy();
    const r = await rpc(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }), { 'mcp-session-id': sid, 'mcp-protocol-version': '1999-01-01' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: { message: expect.stringContaining('Unsupported protocol version') } });
  });

  it('answers the stateless revision (2026-07-28): no initialize, no session, one JSON answer each', async () => {
    const h = { 'mcp-protocol-version': '2026-07-28', 'x-rampart-session': 'stateless-e2e' };
    const meta = { clientInfo: { name: 'stateless-agent', version: '1' } };
    const list = await rpc(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta } }), h, '/mcp/fx');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).toContain('"lookup"');
    const call = await rpc(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'lookup', arguments: { key: 'z' }, _meta: meta } }), h, '/mcp/fx');
    expect(call.body).toMatchObject({ id: 2, result: { content: [{ type: 'text', text: 'record z' }] } });
    await rt.calls.flush();
    expect(await rt.store.toolCalls('mcp-stateless:alice:stateless-e2e')).toMatchObject([{ tool: 'lookup', agent: 'stateless-agent', outcome: 'allow' }]);
  });

  it('reports upstream states on /healthz', async () => {
    const h = (await (await fetch(`${base}/healthz`)).json()) as { mcp: { upstreams: Record<string, { state: string }> } };
    expect(h.mcp.upstreams['every']?.state).toBe('ready');
    expect(h.mcp.upstreams['off']).toBeUndefined();
  });

  it('answers an unknown view with 404', async () => {
    const r = await rpc(JSON.stringify(init), {}, '/mcp/nope');
    expect(r.status).toBe(404);
  });
});
