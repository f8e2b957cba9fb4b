// A lean MCP upstream for the gateway benchmark: node:http, JSON responses, no SDK, so that the upstream is
// not the bottleneck. Answers initialize, notifications (202), tools/list and tools/call (echo) and prints
// `listening PORT`. Sessions are not enforced: any Mcp-Session-Id is accepted.
import { createServer } from 'node:http';

const TOOLS = [{ name: 'echo', description: 'Echoes its text.', inputSchema: { type: 'object', properties: { text: { type: 'string' } } }, annotations: { readOnlyHint: true } }];

function answer(msg) {
  switch (msg.method) {
    case 'initialize':
      return { protocolVersion: msg.params?.protocolVersion ?? '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'lean', version: '1.0.0' } };
    case 'tools/list':
      return { tools: TOOLS };
    case 'tools/call':
      return { content: [{ type: 'text', text: String(msg.params?.arguments?.text ?? '') }] };
    case 'ping':
      return {};
    default:
      return undefined;
  }
}

const server = createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(405).end();
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let msg;
    try {
      msg = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}');
      return;
    }
    if (msg.id === undefined) {
      res.writeHead(202).end();
      return;
    }
    const result = answer(msg);
    const body = JSON.stringify(result === undefined ? { jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'Method not found' } } : { jsonrpc: '2.0', id: msg.id, result });
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (msg.method === 'initialize') headers['mcp-session-id'] = 'lean-session';
    res.writeHead(200, headers).end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
