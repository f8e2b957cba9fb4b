import { EventEmitter } from 'node:events';
import type { OutgoingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { LlmReplyTarget } from '../reply-target.js';
import { ResponsesReply } from './responses-reply.js';

/** A reply target that records what reaches the caller. */
class Recorder extends EventEmitter implements LlmReplyTarget {
  headersSent = false;
  destroyed = false;
  writableFinished = false;
  statusCode = 0;
  headers: OutgoingHttpHeaders = {};
  body = '';
  writeHead(status: number, headers?: OutgoingHttpHeaders): this {
    this.statusCode = status;
    this.headers = headers ?? {};
    this.headersSent = true;
    return this;
  }
  flushHeaders(): void {}
  write(chunk: string | Uint8Array): boolean {
    this.body += chunk.toString();
    return true;
  }
  end(chunk?: string | Uint8Array): this {
    if (chunk !== undefined) this.body += chunk.toString();
    this.writableFinished = true;
    return this;
  }
  destroy(): this {
    this.destroyed = true;
    return this;
  }
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null): string => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

describe('ResponsesReply', () => {
  it('rewrites a whole Chat completion as a response, with its own content-length', () => {
    const rec = new Recorder();
    const r = new ResponsesReply(rec, 'm');
    const body = JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
    r.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, 'x-rampart-route': 'a' }).end(body);
    expect(rec.headers).toMatchObject({ 'x-rampart-route': 'a', 'content-length': Buffer.byteLength(rec.body) });
    expect(JSON.parse(rec.body)).toMatchObject({ object: 'response', status: 'completed', output: [{ type: 'message', content: [{ type: 'output_text', text: 'Hi' }] }] });
  });

  it('passes errors through unchanged', () => {
    const rec = new Recorder();
    new ResponsesReply(rec, 'm').writeHead(429, { 'retry-after': '1' }).end('{"error":{"message":"slow"}}');
    expect([rec.statusCode, rec.headers['retry-after'], rec.body]).toEqual([429, '1', '{"error":{"message":"slow"}}']);
  });

  it('re-encodes a stream across split writes, and ends one that broke at its error event without response.completed', () => {
    const rec = new Recorder();
    const r = new ResponsesReply(rec, 'm');
    r.writeHead(200, { 'content-type': 'text/event-stream' });
    const text = chunk({ role: 'assistant', content: 'Hel' }) + chunk({ content: 'lo' });
    r.write(text.slice(0, 30));
    r.write(text.slice(30));
    r.end('data: {"error":{"message":"interrupted","type":"server_error"}}\n\n');
    expect(rec.body).toContain('"delta":"Hel"');
    expect(rec.body).toContain('"delta":"lo"');
    expect(rec.body.trimEnd().endsWith('data: {"error":{"message":"interrupted","type":"server_error"}}')).toBe(true);
    expect(rec.body).not.toContain('response.completed');
  });
});
