import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ListRootsRequestSchema, PromptListChangedNotificationSchema, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigSchema } from '../../src/config/schema.js';
import type { Principal } from '../../src/mcp/principal.js';
import { createApp } from '../../src/server/app.js';
import { createRuntime, DEFAULT_POLICY_PATH, type Runtime } from '../../src/server/runtime.js';
import { EVERYTHING, FIXTURE_SERVER, freePort, spawnHttpServer } from '../helpers/mcp-upstream.js';

// Resources, prompts and roots beyond `/mcp/<server>` (issue 4 §2): the aggregated `/mcp` and a virtual server
// serve every server's prompts (named like tools) and resources (as rampart://<server>/<uri>), mapped back to
// the server on read, get, completion and subscription; their descriptions are scanned and prompts pinned like
// tools; an upstream's roots/list during a call reaches the client whose call it is. Real upstreams: the
// reference "everything" server, the conformance fixture and our SDK fixture, over stdio and Streamable HTTP.

const CONFORMANCE_FIXTURE = fileURLToPath(new URL('../../conformance/fixture-server.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rampart-mcp-aggregate-'));
let rt: Runtime;
let base: string;
let close: () => Promise<void>;
const children: ChildProcess[] = [];

const POLICY = `
version: 1
id: aggregate-test
rules: []
access:
  - id: no-conf-for-mallory
    users: [mallory]
    servers: [conf]
    action: deny
`;

async function authenticate(req: { headers: Record<string, string | string[] | undefined> }): Promise<Principal> {
  return { user: String(req.headers['x-test-user'] ?? 'alice'), groups: [], via: 'api-key' };
}

beforeAll(async () => {
  const confPort = await freePort();
  children.push(await spawnHttpServer({ script: CONFORMANCE_FIXTURE, args: ['--port', String(confPort)], ready: /listening on/ }));
  const hfxPort = await freePort();
  children.push(await spawnHttpServer({ script: FIXTURE_SERVER, args: ['--http', String(hfxPort)], env: { FIXTURE_EXTRAS: '1' }, ready: /listening/ }));
  writeFileSync(join(dir, 'policy.yaml'), POLICY);
  const node = process.execPath;
  const created = await createRuntime(ConfigSchema.parse({
    data: join(dir, 'data'),
    policies: [DEFAULT_POLICY_PATH, join(dir, 'policy.yaml')],
    mcp: {
      servers: {
        conf: { transport: { type: 'http', url: `http://127.0.0.1:${confPort}/mcp` } },
        every: { transport: { type: 'stdio', command: node, args: [EVERYTHING, 'stdio'] } },
        fx: { transport: { type: 'stdio', command: node, args: [FIXTURE_SERVER], env: { FIXTURE_POISON: '1', FIXTURE_EXTRAS: '1' } } },
        hfx: { transport: { type: 'http', url: `http://127.0.0.1:${hfxPort}/mcp` } },
      },
      virtualServers: {
        kit: {
          tools: ['hfx/roots'],
          prompts: ['every/simple-prompt', 'conf/*'],
          resources: ['conf/test://static-text', 'every/demo://resource/dynamic/text/{resourceId}'],
        },
      },
    },
  }));
  if (!created.ok) throw new Error(created.error.join('\n'));
  rt = created.value;
  const app = createApp(rt, { authenticate });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  close = async () => {
    await app.close();
    await rt.close();
    for (const c of children) c.kill();
  };
}, 60_000);
afterAll(async () => close(), 30_000);

async function connect(opts: { path?: string; user?: string; roots?: string[] } = {}): Promise<Client> {
  const client = new Client({ name: 'aggregate-e2e', version: '1.0.0' }, { capabilities: opts.roots === undefined ? {} : { roots: { listChanged: true } } });
  const roots = opts.roots;
  if (roots !== undefined) client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: roots.map((uri) => ({ uri, name: uri })) }));
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}${opts.path ?? '/mcp'}`), { requestInit: { headers: { 'x-test-user': opts.user ?? 'alice' } } }));
  return client;
}

function text(r: unknown): string {
  return (((r as { content?: unknown }).content ?? []) as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');
}

describe('resources and prompts on the aggregated /mcp', () => {
  it('lists every server prompts prefixed like tools, and gets them from the right server', async () => {
    const c = await connect();
    expect(c.getServerCapabilities()).toMatchObject({ resources: { subscribe: true, listChanged: true }, prompts: { listChanged: true }, completions: {} });
    const names = (await c.listPrompts()).prompts.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['every__simple-prompt', 'every__args-prompt', 'conf__test_prompt_with_arguments', 'fx__brief', 'hfx__outline']));
    const simple = await c.getPrompt({ name: 'every__simple-prompt' });
    expect(simple.messages[0]?.content).toMatchObject({ type: 'text', text: 'This is a simple prompt without arguments.' });
    const args = await c.getPrompt({ name: 'conf__test_prompt_with_arguments', arguments: { arg1: 'a', arg2: 'b' } });
    expect(args.messages[0]?.content).toMatchObject({ text: "Prompt with arguments: arg1='a', arg2='b'" });
    // Completion goes to the prompt's server under its own name.
    const done = await c.complete({ ref: { type: 'ref/prompt', name: 'conf__test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'par' } });
    expect(done.completion.values).toEqual(['paris', 'park', 'party']);
    await expect(c.getPrompt({ name: 'simple-prompt' })).rejects.toMatchObject({ code: -32602 });
    await c.close();
  });

  it('lists resources and templates as rampart://<server>/<uri> and reads them back from their server', async () => {
    const c = await connect();
    const uris = (await c.listResources()).resources.map((r) => r.uri);
    expect(uris).toEqual(expect.arrayContaining(['rampart://conf/test://static-text', 'rampart://fx/fixture://notes/plain']));
    expect(uris.some((u) => u.startsWith('rampart://every/demo://resource/static/document/'))).toBe(true);
    const templates = (await c.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toEqual(expect.arrayContaining(['rampart://conf/test://template/{id}/data', 'rampart://every/demo://resource/dynamic/text/{resourceId}']));
    const read = await c.readResource({ uri: 'rampart://conf/test://static-text' });
    expect(read.contents[0]).toMatchObject({ uri: 'rampart://conf/test://static-text', text: expect.any(String) });
    // A URI made from a template reaches the template's server, and comes back in the client's terms.
    const made = await c.readResource({ uri: 'rampart://conf/test://template/7/data' });
    expect(made.contents[0]).toMatchObject({ uri: 'rampart://conf/test://template/7/data', text: expect.stringContaining('Data for ID: 7') });
    const dynamic = await c.readResource({ uri: 'rampart://every/demo://resource/dynamic/text/3' });
    expect(dynamic.contents[0]?.uri).toBe('rampart://every/demo://resource/dynamic/text/3');
    // Reads are governed like read-only tool calls: the secret in this note is redacted by the default policy.
    const aws = await c.readResource({ uri: 'rampart://fx/fixture://notes/aws' });
    expect(JSON.stringify(aws)).not.toContain('AKIAZ7QX3LMN4PRSTUVW');
    await expect(c.readResource({ uri: 'test://static-text' })).rejects.toMatchObject({ code: -32602 });
    await expect(c.readResource({ uri: 'rampart://nosuch/test://static-text' })).rejects.toMatchObject({ code: -32602 });
    await c.close();
  });

  it('subscribes through the exposed URI and delivers updates in the subscriber terms', async () => {
    const watcher = await connect();
    const updates: string[] = [];
    watcher.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updates.push(n.params.uri);
    });
    await watcher.subscribeResource({ uri: 'rampart://conf/test://watched-resource' });
    const other = await connect();
    await other.callTool({ name: 'conf__touch_watched_resource', arguments: {} });
    await vi.waitFor(() => expect(updates).toEqual(['rampart://conf/test://watched-resource']));
    await watcher.unsubscribeResource({ uri: 'rampart://conf/test://watched-resource' });
    // A server that does not take subscriptions says so.
    await expect(watcher.subscribeResource({ uri: 'rampart://fx/fixture://notes/plain' })).rejects.toMatchObject({ code: -32601 });
    await watcher.close();
    await other.close();
  });

  it('leaves out of the lists, and refuses, the servers an access rule denies the user', async () => {
    const c = await connect({ user: 'mallory' });
    expect((await c.listPrompts()).prompts.some((p) => p.name.startsWith('conf__'))).toBe(false);
    expect((await c.listResources()).resources.some((r) => r.uri.startsWith('rampart://conf/'))).toBe(false);
    expect((await c.listPrompts()).prompts.map((p) => p.name)).toContain('every__simple-prompt');
    await expect(c.readResource({ uri: 'rampart://conf/test://static-text' })).rejects.toMatchObject({ code: -32003, message: expect.stringContaining('no-conf-for-mallory') });
    await expect(c.getPrompt({ name: 'conf__test_simple_prompt' })).rejects.toMatchObject({ code: -32003 });
    await c.close();
  });
});

describe('resources and prompts on a virtual server', () => {
  it('serves the prompts and resources it names, unprefixed, and nothing else', async () => {
    const c = await connect({ path: '/mcp/kit' });
    const names = (await c.listPrompts()).prompts.map((p) => p.name).sort();
    expect(names).toContain('simple-prompt');
    expect(names).toContain('test_prompt_with_arguments');
    expect(names).not.toContain('args-prompt');
    expect((await c.getPrompt({ name: 'simple-prompt' })).messages[0]?.content).toMatchObject({ text: 'This is a simple prompt without arguments.' });
    expect((await c.listResources()).resources.map((r) => r.uri)).toEqual(['rampart://conf/test://static-text']);
    expect((await c.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual(['rampart://every/demo://resource/dynamic/text/{resourceId}']);
    expect((await c.readResource({ uri: 'rampart://conf/test://static-text' })).contents[0]?.uri).toBe('rampart://conf/test://static-text');
    expect((await c.readResource({ uri: 'rampart://every/demo://resource/dynamic/text/5' })).contents[0]?.uri).toBe('rampart://every/demo://resource/dynamic/text/5');
    // The same server's other resources are not part of this virtual server.
    await expect(c.readResource({ uri: 'rampart://conf/test://watched-resource' })).rejects.toMatchObject({ code: -32602 });
    await c.close();
  });
});

describe('poisoning scans and pins of prompts and resources', () => {
  it('holds back a poisoned prompt, prompt argument and resource description on every view, and says why', () => {
    const hidden = rt.registry.hidden().filter((h) => h.server === 'fx');
    expect(hidden).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'prompt:summarize', reason: 'poisoned' }),
      expect.objectContaining({ name: 'prompt:translate', reason: 'poisoned' }),
      expect.objectContaining({ name: 'resource:fixture://handbook', reason: 'poisoned' }),
    ]));
    expect(hidden.map((h) => h.name)).not.toContain('prompt:brief');
  });

  it('does not list or serve them, through /mcp or /mcp/<server>', async () => {
    const all = await connect();
    const names = (await all.listPrompts()).prompts.map((p) => p.name);
    expect(names).toContain('fx__brief');
    expect(names).not.toContain('fx__summarize');
    expect(names).not.toContain('fx__translate');
    expect((await all.listResources()).resources.map((r) => r.uri)).not.toContain('rampart://fx/fixture://handbook');
    await expect(all.readResource({ uri: 'rampart://fx/fixture://handbook' })).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('held back') });
    await expect(all.getPrompt({ name: 'fx__summarize', arguments: { doc: 'x' } })).rejects.toMatchObject({ code: -32602 });
    await all.close();
    const one = await connect({ path: '/mcp/fx' });
    expect((await one.listPrompts()).prompts.map((p) => p.name)).toEqual(['brief', 'outline']);
    expect((await one.listResources()).resources.map((r) => r.uri)).not.toContain('fixture://handbook');
    await expect(one.getPrompt({ name: 'summarize', arguments: { doc: 'x' } })).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('held back') });
    await one.close();
  });

  it('pins prompts: a changed prompt is hidden and announced until an admin approves it', async () => {
    const c = await connect();
    let changed = 0;
    c.setNotificationHandler(PromptListChangedNotificationSchema, () => {
      changed++;
    });
    expect((await c.listPrompts()).prompts.map((p) => p.name)).toContain('hfx__outline');
    await c.callTool({ name: 'hfx__mutate_prompt', arguments: {} });
    await vi.waitFor(() => expect(rt.registry.hidden()).toContainEqual(expect.objectContaining({ server: 'hfx', name: 'prompt:outline', reason: 'pin-changed' })));
    await vi.waitFor(() => expect(changed).toBeGreaterThan(0));
    expect((await c.listPrompts()).prompts.map((p) => p.name)).not.toContain('hfx__outline');
    expect(rt.registry.approve('hfx', 'prompt:outline', 'admin-ann')).toBe(true);
    const back = (await c.listPrompts()).prompts.find((p) => p.name === 'hfx__outline');
    expect(back?.description).toBe('Outlines a topic, now with more detail.');
    await c.close();
  });
});

describe('roots', () => {
  it('answers an upstream roots/list during a call with the roots of the client whose call it is', async () => {
    const a = await connect({ roots: ['file:///work/a'] });
    const b = await connect({ roots: ['file:///work/b'] });
    const none = await connect();
    // The gateway learns that a server asks for roots from its first request (servers ask when they connect;
    // this one asks only during calls): from then on, calls of clients with roots carry their route.
    await a.callTool({ name: 'hfx__roots', arguments: {} });
    const calls = [];
    for (let i = 0; i < 3; i++) calls.push(a.callTool({ name: 'hfx__roots', arguments: {} }), b.callTool({ name: 'hfx__roots', arguments: {} }));
    const out = (await Promise.all(calls)).map(text);
    expect(out.map((t) => t.replace(/^asked=.* now=/, 'now='))).toEqual(Array.from({ length: 3 }, () => ['now=["file:///work/a"]', 'now=["file:///work/b"]']).flat());
    // A client without roots gives none, and nobody else's.
    expect(text(await none.callTool({ name: 'hfx__roots', arguments: {} }))).toContain('now=[]');
    // Over stdio, the one call in flight owns the request; the same on a virtual server.
    // It asked when the gateway connected, outside any call: a shared connection has no roots to give.
    expect(text(await a.callTool({ name: 'fx__roots', arguments: {} }))).toBe('asked=[] now=["file:///work/a"]');
    const kit = await connect({ path: '/mcp/kit', roots: ['file:///work/kit'] });
    expect(text(await kit.callTool({ name: 'roots', arguments: {} }))).toContain('now=["file:///work/kit"]');
    for (const c of [a, b, none, kit]) await c.close();
  });
});
