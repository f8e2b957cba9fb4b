import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, LoggingMessageNotificationSchema, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigSchema } from '../../src/config/schema.js';
import type { Principal } from '../../src/mcp/principal.js';
import { createApp } from '../../src/server/app.js';
import { createRuntime, DEFAULT_POLICY_PATH } from '../../src/server/runtime.js';
import { freePort, spawnHttpServer } from '../helpers/mcp-upstream.js';

// What the MCP conformance suite needs of the gateway beyond tools, tested with the suite's own fixture
// server (conformance/fixture-server.mjs) as an HTTP upstream: resources, prompts and completion forwarded on
// /mcp/<server>, and the upstream's sampling, elicitation and logs routed back to the session whose call
// asked, never to another one.

const CONFORMANCE_FIXTURE = fileURLToPath(new URL('../../conformance/fixture-server.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rampart-mcp-forward-'));
let upstream: ChildProcess;
let base: string;
let upstreamUrl: string;
let close: () => Promise<void>;

const POLICY = `
version: 1
id: forward-test
rules: []
access:
  - id: nothing-for-mallory
    users: [mallory]
    servers: [conf]
    action: deny
`;

async function authenticate(req: { headers: Record<string, string | string[] | undefined> }): Promise<Principal> {
  return { user: String(req.headers['x-test-user'] ?? 'alice'), groups: [], via: 'api-key' };
}

beforeAll(async () => {
  const port = await freePort();
  upstream = await spawnHttpServer({ script: CONFORMANCE_FIXTURE, args: ['--port', String(port)], ready: /listening on/ });
  upstreamUrl = `http://127.0.0.1:${port}/mcp`;
  writeFileSync(join(dir, 'policy.yaml'), POLICY);
  const created = await createRuntime(ConfigSchema.parse({
    data: join(dir, 'data'),
    policies: [DEFAULT_POLICY_PATH, join(dir, 'policy.yaml')],
    mcp: { servers: {
      conf: { transport: { type: 'http', url: upstreamUrl } },
      // Over stdio nothing on the wire ties a server's request to a call: the gateway falls back to the one call in flight.
      confio: { transport: { type: 'stdio', command: process.execPath, args: [CONFORMANCE_FIXTURE, '--stdio'] } },
    } },
  }));
  if (!created.ok) throw new Error(created.error.join('\n'));
  const rt = created.value;
  const app = createApp(rt, { authenticate });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  close = async () => {
    await app.close();
    await rt.close();
    upstream.kill();
  };
}, 60_000);
afterAll(async () => close(), 30_000);

/** A client that answers sampling with `answer` and elicitation with `name`, and records the logs it gets. */
async function connect(opts: { path?: string; user?: string; answer?: string; capabilities?: Record<string, object> } = {}): Promise<{ client: Client; logs: string[]; updates: string[] }> {
  const client = new Client({ name: 'forward-e2e', version: '1.0.0' }, { capabilities: opts.capabilities ?? { sampling: {}, elicitation: {} } });
  const logs: string[] = [];
  if (opts.capabilities?.['sampling'] !== undefined || opts.capabilities === undefined) {
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({ role: 'assistant', content: { type: 'text', text: opts.answer ?? 'none' }, model: 'm', stopReason: 'endTurn' }));
  }
  if (opts.capabilities?.['elicitation'] !== undefined || opts.capabilities === undefined) {
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { username: opts.answer ?? 'none', email: 'x@example.com' } }));
  }
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logs.push(String(n.params.data));
  });
  const updates: string[] = [];
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
    updates.push(n.params.uri);
  });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}${opts.path ?? '/mcp/conf'}`), { requestInit: { headers: { 'x-test-user': opts.user ?? 'alice' } } }));
  return { client, logs, updates };
}

function text(r: unknown): string {
  return (((r as { content?: unknown }).content ?? []) as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');
}

describe('MCP forwarding and routing back through the gateway', () => {
  it('forwards resources, templates, prompts and completion on /mcp/<server>, and declares them', async () => {
    const { client } = await connect();
    expect(client.getServerCapabilities()).toMatchObject({ resources: { subscribe: true }, prompts: {}, completions: {}, logging: {} });
    expect((await client.listResources()).resources.map((r) => r.uri)).toContain('test://static-text');
    expect((await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toContain('test://template/{id}/data');
    expect((await client.readResource({ uri: 'test://template/7/data' })).contents[0]).toMatchObject({ uri: 'test://template/7/data', text: expect.stringContaining('Data for ID: 7') });
    const p = await client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'a', arg2: 'b' } });
    expect(p.messages[0]?.content).toMatchObject({ type: 'text', text: "Prompt with arguments: arg1='a', arg2='b'" });
    expect((await client.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'par' } })).completion.values).toEqual(['paris', 'park', 'party']);
    await expect(client.subscribeResource({ uri: 'test://watched-resource' })).resolves.toEqual({});
    await expect(client.unsubscribeResource({ uri: 'test://watched-resource' })).resolves.toEqual({});
    // The upstream's own error reaches the client as the upstream gave it: the same as a direct client sees.
    const direct = new Client({ name: 'direct', version: '1.0.0' });
    await direct.connect(new StreamableHTTPClientTransport(new URL(upstreamUrl)));
    const want = await direct.readResource({ uri: 'test://nope' }).catch((e: unknown) => e);
    await direct.close();
    expect(want).toMatchObject({ code: -32602, message: expect.stringContaining('Resource test://nope not found') });
    const got = await client.readResource({ uri: 'test://nope' }).catch((e: unknown) => e);
    expect(got).toMatchObject({ code: (want as { code: number }).code, message: (want as Error).message });
    await client.close();
  });

  it('keeps two servers apart on the aggregated /mcp when they list the same resource URI', async () => {
    const { client } = await connect({ path: '/mcp' });
    const uris = (await client.listResources()).resources.map((r) => r.uri);
    expect(uris).toEqual(expect.arrayContaining(['rampart://conf/test://static-text', 'rampart://confio/test://static-text']));
    for (const server of ['conf', 'confio']) {
      const r = await client.readResource({ uri: `rampart://${server}/test://static-text` });
      expect(r.contents[0]?.uri).toBe(`rampart://${server}/test://static-text`);
    }
    await client.close();
  });

  it('refuses resources and prompts to a user whom a server-wide access rule denies', async () => {
    const { client } = await connect({ user: 'mallory' });
    await expect(client.readResource({ uri: 'test://static-text' })).rejects.toMatchObject({ code: -32003, message: expect.stringContaining('nothing-for-mallory') });
    await expect(client.listPrompts()).rejects.toMatchObject({ code: -32003 });
    await client.close();
  });

  it('routes concurrent sampling requests each to the session whose call asked', async () => {
    const a = await connect({ answer: 'from-a' });
    const b = await connect({ answer: 'from-b' });
    const calls = [];
    for (let i = 0; i < 4; i++) {
      calls.push(a.client.callTool({ name: 'test_sampling', arguments: { prompt: 'p' } }), b.client.callTool({ name: 'test_sampling', arguments: { prompt: 'p' } }));
    }
    const out = (await Promise.all(calls)).map(text);
    expect(out).toEqual(Array.from({ length: 4 }, () => ['LLM response: from-a', 'LLM response: from-b']).flat());
    const e = await b.client.callTool({ name: 'test_elicitation', arguments: { message: 'who?' } });
    expect(text(e)).toContain('"username":"from-b"');
    await a.client.close();
    await b.client.close();
  });

  it('fails the upstream request when the calling client cannot sample', async () => {
    const { client } = await connect({ capabilities: {} });
    const r = await client.callTool({ name: 'test_sampling', arguments: { prompt: 'p' } }).catch((e: unknown) => e);
    // The fixture does not catch the refusal: the call fails, with the reason, and nobody else was asked.
    expect(JSON.stringify(r)).toMatch(/sampling/i);
    await client.close();
  });

  it('sends upstream logs to the calling session only, filtered by its own logging level', async () => {
    const loud = await connect();
    const quiet = await connect();
    await loud.client.setLoggingLevel('debug');
    await quiet.client.setLoggingLevel('warning');
    await Promise.all([loud.client.callTool({ name: 'test_tool_with_logging', arguments: {} }), quiet.client.callTool({ name: 'test_tool_with_logging', arguments: {} })]);
    // Notifications on the call's stream arrive before its result; give the client's handler its tick.
    await new Promise((r) => setImmediate(r));
    expect(loud.logs).toEqual(['Tool execution started', 'Tool processing data', 'Tool execution completed']);
    expect(quiet.logs).toEqual([]);
    await loud.client.close();
    await quiet.client.close();
  });

  it('routes sampling from a stdio upstream to the one call in flight, and refuses when that is ambiguous', async () => {
    const a = await connect({ path: '/mcp/confio', answer: 'stdio-a' });
    const b = await connect({ path: '/mcp/confio', answer: 'stdio-b' });
    expect(text(await a.client.callTool({ name: 'test_sampling', arguments: { prompt: 'p' } }))).toBe('LLM response: stdio-a');
    expect(text(await b.client.callTool({ name: 'test_sampling', arguments: { prompt: 'p' } }))).toBe('LLM response: stdio-b');
    // A slow call keeps b in flight while a asks: two candidates, so a's sampling is refused, never misrouted.
    const slow = b.client.callTool({ name: 'test_tool_with_progress', arguments: {} });
    const r = await a.client.callTool({ name: 'test_sampling', arguments: { prompt: 'p' } }).catch((e: unknown) => e);
    expect(JSON.stringify(r)).toContain('no client session to route sampling/createMessage to');
    expect(JSON.stringify(r)).not.toContain('stdio-b');
    await slow;
    await a.client.close();
    await b.client.close();
  });

  it('sends resource updates to the sessions that subscribed, not to the others', async () => {
    const watcher = await connect();
    const other = await connect();
    await watcher.client.subscribeResource({ uri: 'test://watched-resource' });
    await other.client.callTool({ name: 'touch_watched_resource', arguments: {} });
    await vi.waitFor(() => expect(watcher.updates).toEqual(['test://watched-resource']));
    // One relay loop sends to every subscriber: had `other` been one, it would have its copy by now.
    expect(other.updates).toEqual([]);
    await watcher.client.close();
    await other.client.close();
  });
});
