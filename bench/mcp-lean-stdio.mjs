// A lean stdio MCP upstream for the wrapper benchmark: newline-delimited JSON-RPC, no SDK.
import { createInterface } from 'node:readline';

const TOOLS = [{ name: 'echo', description: 'Echoes its text.', inputSchema: { type: 'object', properties: { text: { type: 'string' } } }, annotations: { readOnlyHint: true } }];
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    return;
  }
  if (msg.id === undefined) return;
  let result;
  if (msg.method === 'initialize') result = { protocolVersion: msg.params?.protocolVersion ?? '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'lean-stdio', version: '1' } };
  else if (msg.method === 'tools/list') result = { tools: TOOLS };
  else if (msg.method === 'tools/call') result = { content: [{ type: 'text', text: String(msg.params?.arguments?.text ?? '') }] };
  else if (msg.method === 'ping') result = {};
  process.stdout.write(`${JSON.stringify(result === undefined ? { jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'Method not found' } } : { jsonrpc: '2.0', id: msg.id, result })}\n`);
});
