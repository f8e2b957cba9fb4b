// The benchmark's mock upstream: an OpenAI Chat Completions server answering at once, non-streaming (a tool
// call, so the gateway's gate runs) or streaming (a few chunks). Run as a child so it has its own event loop.
import { createServer } from 'node:http';

const REPLY = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-bench',
  choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"src/index.ts"}' } }] }, finish_reason: 'tool_calls' }],
  usage: { prompt_tokens: 120, completion_tokens: 12, total_tokens: 132 },
});
const chunk = (delta, finish = null) => `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'gpt-bench', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const STREAM = [chunk({ role: 'assistant', content: '' }), ...['The ', 'file ', 'looks ', 'fine.'].map((t) => chunk({ content: t })), chunk({}, 'stop'), 'data: [DONE]\n\n'];

const server = createServer((req, res) => {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    const stream = Buffer.concat(parts).includes('"stream":true');
    if (stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const f of STREAM) res.write(f);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(REPLY) });
    res.end(REPLY);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
