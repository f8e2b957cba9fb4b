// The floor for any Node gateway: a bare pass-through in a few lines of node:http + undici that parses the
// JSON body and forwards it, then pipes the answer back. Usage: node llm-passthrough.mjs UPSTREAM_ORIGIN
import { createServer } from 'node:http';
import { Pool } from 'undici';

const pool = new Pool(process.argv[2], { connections: 128 });
const server = createServer((req, res) => {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', async () => {
    try {
      const body = JSON.stringify(JSON.parse(Buffer.concat(parts).toString('utf8')));
      const up = await pool.request({ path: req.url, method: 'POST', headers: { 'content-type': 'application/json' }, body });
      res.writeHead(up.statusCode, { 'content-type': up.headers['content-type'] });
      for await (const c of up.body) res.write(c);
      res.end();
    } catch (e) {
      res.writeHead(502).end(String(e));
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
