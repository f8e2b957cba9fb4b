import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.js';

// GET /metrics on a real server: Prometheus text that counts what the gateway did, behind the `metrics` surface.

describe('GET /metrics', () => {
  it('counts decisions and requests in Prometheus text format, local on loopback', async () => {
    const server = await startServer({ data: mkdtempSync(join(tmpdir(), 'rampart-metrics-')) });
    try {
      const post = (body: unknown) => fetch(`${server.base}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect((await post({ kind: 'prompt', sessionId: 'm1', text: 'Summarize my week.' })).status).toBe(200);
      expect((await post({ kind: 'prompt', sessionId: 'm1' })).status).toBe(400);
      const res = await fetch(`${server.base}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const body = await res.text();
      expect(body).toContain('rampart_engine_events_total{kind="prompt",action="allow"} 1');
      expect(body).toContain('rampart_http_request_duration_seconds_count{route="/v1/events",method="POST",status="2xx"} 1');
      expect(body).toContain('rampart_http_request_duration_seconds_count{route="/v1/events",method="POST",status="4xx"} 1');
      expect(body).toMatch(/^rampart_process_resident_memory_bytes \d+/m);
      expect(body).toMatch(/^rampart_engine_sessions 1$/m);
    } finally {
      await server.close();
    }
  });

  it('needs a key with the metrics scope when identity is required', async () => {
    const server = await startServer({ data: mkdtempSync(join(tmpdir(), 'rampart-metrics-')), identity: { required: true } });
    try {
      expect((await fetch(`${server.base}/metrics`)).status).toBe(401);
      const llm = await server.rt.identity.apiKeys.create({ user: 'app', scopes: ['llm'] });
      expect((await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${llm.key}` } })).status).toBe(403);
      const scraper = await server.rt.identity.apiKeys.create({ user: 'prometheus', scopes: ['metrics'] });
      expect((await fetch(`${server.base}/metrics`, { headers: { authorization: `Bearer ${scraper.key}` } })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
