import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/config/schema.js';
import type { Principal } from '../../src/mcp/principal.js';
import { createApp } from '../../src/server/app.js';
import { createRuntime, DEFAULT_POLICY_PATH, type Runtime } from '../../src/server/runtime.js';
import { FIXTURE_SERVER } from '../helpers/mcp-upstream.js';

// Resources and prompts are content the model reads, like a tool result: through the gateway they go through
// the engine (tool.call before, tool.result after) and the call audit, with the default policy pack. The
// fixture server's resources carry an instruction override and an AWS key.

const dir = mkdtempSync(join(tmpdir(), 'rampart-mcp-content-'));
let rt: Runtime;
let base: string;
let close: () => Promise<void>;

const POLICY = `
version: 1
id: content-test
rules:
  - id: no-prompts-for-mallory
    description: Mallory may not fetch prompts.
    when: event.kind == "tool.call" && event.tool == "prompts/get" && event.user == "mallory"
    action: deny
    severity: high
  - id: withhold-injected-for-carol
    description: Carol never sees content with an instruction in it.
    when: event.kind == "tool.result" && event.tool == "resources/read" && event.user == "carol" && findings.any_prefix("injection.")
    action: deny
    severity: high
`;

async function authenticate(req: { headers: Record<string, string | string[] | undefined> }): Promise<Principal> {
  return { user: String(req.headers['x-test-user'] ?? 'alice'), groups: [], via: 'api-key' };
}

beforeAll(async () => {
  writeFileSync(join(dir, 'policy.yaml'), POLICY);
  const stdio = { type: 'stdio', command: process.execPath, args: [FIXTURE_SERVER] };
  const created = await createRuntime(ConfigSchema.parse({
    data: join(dir, 'data'),
    policies: [DEFAULT_POLICY_PATH, join(dir, 'policy.yaml')],
    // The operator vouches for what `own` serves: its resources are trusted content.
    tools: { 'own/resources/read': { capabilities: ['reads-private'], trusted: true } },
    mcp: { servers: { fx: { transport: stdio }, own: { transport: stdio } } },
  }));
  if (!created.ok) throw new Error(created.error.join('\n'));
  rt = created.value;
  const app = createApp(rt, { authenticate });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  close = async () => {
    await app.close();
    await rt.close();
  };
}, 60_000);
afterAll(async () => close(), 30_000);

async function connect(server = 'fx', user = 'alice'): Promise<{ client: Client; sid: string }> {
  const client = new Client({ name: 'content-agent', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp/${server}`), { requestInit: { headers: { 'x-test-user': user } } });
  await client.connect(transport);
  return { client, sid: transport.sessionId as string };
}

function texts(r: { contents: readonly unknown[] }): string[] {
  return r.contents.map((c) => (c as { text?: string }).text ?? '');
}

describe('MCP resources and prompts through the session engine and the audit', () => {
  it('sends a resource read through the engine as a read of untrusted private content, and audits it', async () => {
    const { client, sid } = await connect();
    expect(texts(await client.readResource({ uri: 'fixture://notes/plain' }))).toEqual(['Quarterly numbers are up.']);
    await rt.writer.flush();
    await rt.calls.flush();
    const events = (await rt.store.sessionEvents(sid)).map((r) => r.event);
    const call = events.find((e) => e.kind === 'tool.call');
    expect(call).toMatchObject({ source: 'mcp', actor: { user: 'alice', agent: 'content-agent' }, tool: { server: 'fx', name: 'resources/read' }, args: { uri: 'fixture://notes/plain' } });
    expect(call?.kind === 'tool.call' ? [...call.capabilities].sort() : []).toEqual(['reads-private', 'reads-untrusted']);
    expect(events.find((e) => e.kind === 'tool.result')).toMatchObject({ tool: { name: 'resources/read' }, content: 'Quarterly numbers are up.', isError: false });
    const rows = await rt.store.toolCalls(sid);
    expect(rows).toMatchObject([{ server: 'fx', tool: 'resources/read', args: '{"uri":"fixture://notes/plain"}', outcome: 'allow', isError: false, callSeq: call?.seq }]);
    expect(rows[0]?.resultBytes).toBeGreaterThan(0);
    expect(rows[0]?.resultSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.latencyMs).toBeGreaterThan(0);
    await client.close();
  });

  it('denies a consequential call after a resource tried to override the instructions, and not before', async () => {
    const clean = await connect();
    expect((await clean.client.callTool({ name: 'delete_item', arguments: { key: 'r1' } })).isError).not.toBe(true);
    await clean.client.close();
    const { client, sid } = await connect();
    // The content reaches the client (reading is not acting); the session now knows what it carried.
    expect(texts(await client.readResource({ uri: 'fixture://notes/injected' }))[0]).toContain('Ignore all previous instructions');
    await expect(client.callTool({ name: 'delete_item', arguments: { key: 'r1' } })).rejects.toMatchObject({ code: -32003, message: expect.stringContaining('act-after-override') });
    await rt.calls.flush();
    expect((await rt.store.toolCalls(sid)).map((r) => [r.tool, r.outcome, r.rule])).toEqual([
      ['resources/read', 'allow', undefined],
      ['delete_item', 'deny', 'act-after-override'],
    ]);
    await client.close();
  });

  it('takes configuration at its word: a trusted server\'s resource sets no injection facts', async () => {
    const { client } = await connect('own');
    await client.readResource({ uri: 'fixture://notes/injected' });
    expect((await client.callTool({ name: 'delete_item', arguments: { key: 'r2' } })).isError).not.toBe(true);
    await client.close();
  });

  it('redacts a secret in a resource and in a prompt before the client sees it', async () => {
    const { client, sid } = await connect();
    const read = texts(await client.readResource({ uri: 'fixture://notes/aws' })).join('\n');
    expect(read).not.toContain('AKIAZ7QX3LMN4PRSTUVW');
    expect(read).toContain('the deploy key is [REDACTED:secret.aws-access-key], keep it safe');
    const prompt = await client.getPrompt({ name: 'brief', arguments: { topic: 'deploy' } });
    expect(prompt.messages[0]?.content).toEqual({ type: 'text', text: 'Deploy with key [REDACTED:secret.aws-access-key].' });
    // A prompt without a secret passes as the upstream gave it.
    expect((await client.getPrompt({ name: 'brief', arguments: { topic: 'sales' } })).messages[0]?.content).toEqual({ type: 'text', text: 'Brief me on sales.' });
    await rt.calls.flush();
    expect((await rt.store.toolCalls(sid)).map((r) => [r.tool, r.args, r.outcome, r.rule])).toEqual([
      ['resources/read', '{"uri":"fixture://notes/aws"}', 'redact', 'secret-in-tool-output'],
      ['prompts/get', '{"name":"brief","arguments":{"topic":"deploy"}}', 'redact', 'secret-in-tool-output'],
      ['prompts/get', '{"name":"brief","arguments":{"topic":"sales"}}', 'allow', undefined],
    ]);
    await client.close();
  });

  it('passes a blob untouched and shows the engine its size, not its bytes', async () => {
    const { client, sid } = await connect();
    const r = await client.readResource({ uri: 'fixture://logo.png' });
    expect(r.contents[0]).toMatchObject({ mimeType: 'image/png', blob: Buffer.from('not really a png').toString('base64') });
    await rt.writer.flush();
    const result = (await rt.store.sessionEvents(sid)).map((x) => x.event).find((e) => e.kind === 'tool.result');
    expect(result).toMatchObject({ content: '[binary image/png, 16 bytes]' });
    await client.close();
  });

  it('refuses a prompt the policy denies and withholds a resource the policy denies, as JSON-RPC errors, audited', async () => {
    const m = await connect('fx', 'mallory');
    await expect(m.client.getPrompt({ name: 'brief', arguments: { topic: 'x' } })).rejects.toMatchObject({ code: -32003, message: expect.stringContaining('no-prompts-for-mallory') });
    await m.client.close();
    const c = await connect('fx', 'carol');
    const err = await c.client.readResource({ uri: 'fixture://notes/injected' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: -32003, message: expect.stringContaining('withhold-injected-for-carol') });
    expect(JSON.stringify(err)).not.toContain('Ignore all previous');
    await c.client.close();
    await rt.calls.flush();
    expect((await rt.store.toolCalls(m.sid)).map((r) => [r.tool, r.outcome, r.rule, r.resultBytes])).toEqual([['prompts/get', 'deny', 'no-prompts-for-mallory', 0]]);
    const carol = await rt.store.toolCalls(c.sid);
    expect(carol.map((r) => [r.tool, r.outcome, r.rule])).toEqual([['resources/read', 'deny', 'withhold-injected-for-carol']]);
    // What was withheld is still hashed in the audit.
    expect(carol[0]?.resultSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('counts metadata requests by server, method and outcome, without engine events or audit rows', async () => {
    const { client, sid } = await connect();
    expect((await client.listResources()).resources.map((r) => r.uri)).toContain('fixture://notes/injected');
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['brief']);
    await rt.writer.flush();
    await rt.calls.flush();
    expect((await rt.store.sessionEvents(sid)).filter((r) => r.event.kind === 'tool.call')).toEqual([]);
    expect(await rt.store.toolCalls(sid)).toEqual([]);
    const { body } = await rt.metrics.scrape();
    expect(body).toMatch(/rampart_mcp_forwarded_requests_total\{server="fx",method="resources\/list",outcome="ok"\} [1-9]/);
    expect(body).toMatch(/rampart_mcp_forwarded_requests_total\{server="fx",method="prompts\/list",outcome="ok"\} [1-9]/);
    await client.close();
  });
});
