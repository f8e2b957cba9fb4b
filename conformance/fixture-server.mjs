// The MCP server that `npm run conformance` tests, built with the official SDK: it implements what the server
// scenarios of @modelcontextprotocol/conformance ask for (tools, resources, prompts, completion, logging,
// progress, sampling and elicitation requests, SSE resumability), over stateful Streamable HTTP on loopback.
// Usage: node conformance/fixture-server.mjs [--port N]   (prints "listening on http://127.0.0.1:N/mcp")
//        node conformance/fixture-server.mjs --stdio      (one session over stdio, for the gateway's tests)
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CreateMessageResultSchema, ElicitResultSchema, isInitializeRequest, SubscribeRequestSchema, UnsubscribeRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

// A 1x1 red PNG and a 44-byte silent WAV header: the smallest valid media the scenarios accept.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const WAV = Buffer.from('524946462400000057415645666d7420100000000100010044ac000088580100020010006461746100000000', 'hex').toString('base64');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Events kept per stream so a client that reconnects with `Last-Event-ID` gets what it missed (SEP-1699). */
class MemoryEventStore {
  #events = new Map();
  #seq = 0;
  async storeEvent(streamId, message) {
    const id = `${streamId}_${++this.#seq}`;
    this.#events.set(id, { streamId, message });
    // Bounded: a long-lived fixture keeps the last 1,000 events.
    if (this.#events.size > 1000) this.#events.delete(this.#events.keys().next().value);
    return id;
  }
  async getStreamIdForEventId(eventId) {
    return this.#events.get(eventId)?.streamId;
  }
  async replayEventsAfter(lastEventId, { send }) {
    const streamId = this.#events.get(lastEventId)?.streamId;
    if (streamId === undefined) throw new Error(`unknown event ${lastEventId}`);
    let after = false;
    for (const [id, e] of this.#events) {
      if (id === lastEventId) after = true;
      else if (after && e.streamId === streamId) await send(id, e.message);
    }
    return streamId;
  }
}

const SCHEMA_2020_12 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: { address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
  properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
  additionalProperties: false,
};

const text = (t) => ({ content: [{ type: 'text', text: t }] });

function build() {
  const server = new McpServer(
    { name: 'rampart-conformance-fixture', version: '1.0.0' },
    { capabilities: { logging: {}, completions: {}, resources: { subscribe: true, listChanged: true }, prompts: { listChanged: true }, tools: { listChanged: true } } },
  );
  const tool = (name, description, fn, inputSchema) => server.registerTool(name, { description, ...(inputSchema ? { inputSchema } : {}) }, fn);

  tool('test_simple_text', 'Returns simple text.', async () => text('This is a simple text response for testing.'));
  tool('test_image_content', 'Returns an image.', async () => ({ content: [{ type: 'image', data: PNG, mimeType: 'image/png' }] }));
  tool('test_audio_content', 'Returns audio.', async () => ({ content: [{ type: 'audio', data: WAV, mimeType: 'audio/wav' }] }));
  tool('test_embedded_resource', 'Returns an embedded resource.', async () => ({
    content: [{ type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } }],
  }));
  tool('test_multiple_content_types', 'Returns text, an image and a resource.', async () => ({
    content: [
      { type: 'text', text: 'Multiple content types test:' },
      { type: 'image', data: PNG, mimeType: 'image/png' },
      { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' } },
    ],
  }));
  tool('test_tool_with_logging', 'Logs three messages while it runs.', async (extra) => {
    // Sent as notifications related to this request, so they travel on the call's own stream.
    const log = (data) => extra.sendNotification({ method: 'notifications/message', params: { level: 'info', logger: 'fixture', data } });
    await log('Tool execution started');
    await sleep(50);
    await log('Tool processing data');
    await sleep(50);
    await log('Tool execution completed');
    return text('Logging tool finished');
  });
  tool('test_error_handling', 'Always fails.', async () => ({ isError: true, content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }] }));
  tool('test_tool_with_progress', 'Reports progress 0, 50, 100.', async (extra) => {
    const token = extra._meta?.progressToken;
    for (const progress of [0, 50, 100]) {
      if (token !== undefined) await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress, total: 100 } });
      await sleep(50);
    }
    return text('Progress tool finished');
  });
  tool('test_sampling', 'Asks the client for a completion.', async ({ prompt }, extra) => {
    const r = await extra.sendRequest({ method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 100 } }, CreateMessageResultSchema);
    return text(`LLM response: ${r.content.type === 'text' ? r.content.text : r.content.type}`);
  }, { prompt: z.string() });
  const elicit = async (extra, message, requestedSchema) => {
    const r = await extra.sendRequest({ method: 'elicitation/create', params: { message, requestedSchema } }, ElicitResultSchema);
    return text(`Elicitation completed: action=${r.action}, content=${JSON.stringify(r.content ?? {})}`);
  };
  tool('test_elicitation', 'Asks the user for a name and email.', async ({ message }, extra) =>
    elicit(extra, message, {
      type: 'object',
      properties: { username: { type: 'string', description: "User's response" }, email: { type: 'string', description: "User's email address" } },
      required: ['username', 'email'],
    }), { message: z.string() });
  tool('test_elicitation_sep1034_defaults', 'Elicits with a default for every primitive type.', async (extra) =>
    elicit(extra, 'Please review your details', {
      type: 'object',
      properties: {
        name: { type: 'string', default: 'John Doe' },
        age: { type: 'integer', default: 30 },
        score: { type: 'number', default: 95.5 },
        status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' },
        verified: { type: 'boolean', default: true },
      },
    }));
  tool('test_elicitation_sep1330_enums', 'Elicits with the five enum shapes.', async (extra) =>
    elicit(extra, 'Pick some options', {
      type: 'object',
      properties: {
        untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
        titledSingle: { type: 'string', oneOf: [{ const: 'value1', title: 'First Option' }, { const: 'value2', title: 'Second Option' }, { const: 'value3', title: 'Third Option' }] },
        legacyEnum: { type: 'string', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] },
        untitledMulti: { type: 'array', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
        titledMulti: { type: 'array', items: { anyOf: [{ const: 'value1', title: 'First Choice' }, { const: 'value2', title: 'Second Choice' }, { const: 'value3', title: 'Third Choice' }] } },
      },
    }));
  tool('test_reconnection', 'Closes its SSE stream mid-call, then answers (the client resumes with Last-Event-ID).', async (extra) => {
    await sleep(50);
    extra.closeSSEStream?.();
    await sleep(200);
    return text('Reconnection test completed');
  });
  server.registerTool('json_schema_2020_12_tool', { description: 'Tool with JSON Schema 2020-12 features', inputSchema: { name: z.string().optional() } }, async () => text('ok'));
  // Not a suite scenario: lets the gateway's tests see `notifications/resources/updated` reach subscribers.
  tool('touch_watched_resource', 'Announces that test://watched-resource changed.', async () => {
    await server.server.sendResourceUpdated({ uri: 'test://watched-resource' });
    return text('touched');
  });
  // SEP-1613 wants a raw JSON Schema 2020-12 input schema listed verbatim ($schema, $defs, $ref), which the
  // high-level API (zod in, JSON Schema out) cannot express: wrap its tools/list handler and swap that schema in.
  const handlers = server.server._requestHandlers;
  const listTools = handlers.get('tools/list');
  handlers.set('tools/list', async (req, extra) => {
    const r = await listTools(req, extra);
    return { ...r, tools: r.tools.map((t) => (t.name === 'json_schema_2020_12_tool' ? { ...t, inputSchema: SCHEMA_2020_12 } : t)) };
  });

  server.registerResource('static-text', 'test://static-text', { description: 'A static text resource', mimeType: 'text/plain' }, async (uri) => ({
    contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'This is the content of the static text resource.' }],
  }));
  server.registerResource('static-binary', 'test://static-binary', { description: 'A static binary resource', mimeType: 'image/png' }, async (uri) => ({
    contents: [{ uri: uri.href, mimeType: 'image/png', blob: PNG }],
  }));
  server.registerResource('watched-resource', 'test://watched-resource', { description: 'A resource clients subscribe to', mimeType: 'text/plain' }, async (uri) => ({
    contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'watched' }],
  }));
  server.registerResource('template', new ResourceTemplate('test://template/{id}/data', { list: undefined }), { description: 'Data by id', mimeType: 'application/json' }, async (uri, { id }) => ({
    contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) }],
  }));
  // The high-level server has no subscription API: answer subscribe/unsubscribe with {} (the spec's result).
  server.server.setRequestHandler(SubscribeRequestSchema, async () => ({}));
  server.server.setRequestHandler(UnsubscribeRequestSchema, async () => ({}));

  server.registerPrompt('test_simple_prompt', { description: 'A simple prompt' }, () => ({
    messages: [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }],
  }));
  server.registerPrompt(
    'test_prompt_with_arguments',
    { description: 'A prompt with two arguments', argsSchema: { arg1: completable(z.string(), (v) => ['paris', 'park', 'party'].filter((s) => s.startsWith(v))), arg2: z.string() } },
    ({ arg1, arg2 }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'` } }] }),
  );
  server.registerPrompt('test_prompt_with_embedded_resource', { description: 'A prompt embedding a resource', argsSchema: { resourceUri: z.string() } }, ({ resourceUri }) => ({
    messages: [
      { role: 'user', content: { type: 'resource', resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } } },
      { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
    ],
  }));
  server.registerPrompt('test_prompt_with_image', { description: 'A prompt with an image' }, () => ({
    messages: [
      { role: 'user', content: { type: 'image', data: PNG, mimeType: 'image/png' } },
      { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
    ],
  }));
  return server;
}

if (process.argv.includes('--stdio')) {
  await build().connect(new StdioServerTransport());
} else {
  serveHttp();
}

/** Stateful Streamable HTTP on loopback: one SDK server and transport per session. */
function serveHttp() {
  const portArg = process.argv.indexOf('--port');
  const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
  const sessions = new Map();

  const http = createServer(async (req, res) => {
    if (!req.url?.startsWith('/mcp')) return void res.writeHead(404).end();
    let body;
    if (req.method === 'POST') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }));
      }
    }
    const sid = req.headers['mcp-session-id'];
    const known = typeof sid === 'string' ? sessions.get(sid) : undefined;
    if (known !== undefined) return void (await known.handleRequest(req, res, body));
    if (sid !== undefined || req.method !== 'POST' || !isInitializeRequest(body)) {
      return void res.writeHead(sid === undefined ? 400 : 404, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'No valid session' } }));
    }
    const { port: p } = http.address();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      eventStore: new MemoryEventStore(),
      retryInterval: 500,
      // DNS rebinding protection for a loopback server without auth (the SDK checks Host and Origin).
      enableDnsRebindingProtection: true,
      allowedHosts: [`127.0.0.1:${p}`, `localhost:${p}`, `[::1]:${p}`],
      allowedOrigins: [`http://127.0.0.1:${p}`, `http://localhost:${p}`, `http://[::1]:${p}`],
      onsessioninitialized: (id) => sessions.set(id, transport),
      onsessionclosed: (id) => sessions.delete(id),
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    await build().connect(transport);
    await transport.handleRequest(req, res, body);
  });
  http.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${http.address().port}/mcp`));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => http.close(() => process.exit(0)).closeAllConnections());
}
