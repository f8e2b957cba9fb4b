import { describe, expect, it } from 'vitest';
import { codecFor } from '../codecs.js';
import { openAiCodec } from './codec.js';

const codec = openAiCodec('openai', () => '/chat/completions');
const enc = new TextEncoder();

describe('the OpenAI codec', () => {
  it('sends the canonical request with the target model, asks a stream for usage, and drops reasoning_content', () => {
    const req = { model: 'alias', messages: [{ role: 'user' as const, content: 'hi' }, { role: 'assistant' as const, content: 'x', reasoning_content: 'r' }], stream_options: { include_usage: false } };
    const s = codec.encodeRequest(req, { model: 'gpt-4o', stream: true });
    expect(s.path).toBe('/chat/completions');
    expect(JSON.parse(s.body)).toEqual({ model: 'gpt-4o', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'x' }] });
    expect(JSON.parse(codec.encodeRequest(req, { model: 'gpt-4o', stream: false }).body)).not.toHaveProperty('stream_options');
  });

  it('puts Azure requests on the deployment path with the api-version', () => {
    expect(codecFor('azure', { apiVersion: '2024-10-21', deployment: undefined }).encodeRequest({ model: 'm', messages: [] }, { model: 'gpt 4o', stream: false }).path).toBe('/openai/deployments/gpt%204o/chat/completions?api-version=2024-10-21');
    expect(codecFor('azure', { apiVersion: 'v', deployment: 'prod' }).encodeRequest({ model: 'm', messages: [] }, { model: 'gpt-4o', stream: false }).path).toBe('/openai/deployments/prod/chat/completions?api-version=v');
  });

  it('decodes stream chunks, skips [DONE], and throws an error chunk as a ChatError', () => {
    const d = codec.streamDecoder('m');
    const chunks = d.push(enc.encode('data: {"id":"a","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]}\n\ndata: [DONE]\n\n'));
    expect(chunks.map((c) => c.choices[0]?.delta.content)).toEqual(['hi']);
    expect(() => d.push(enc.encode('data: {"error":{"message":"overloaded","type":"server_error"}}\n\n'))).toThrow(expect.objectContaining({ message: 'overloaded', type: 'server_error' }));
  });

  it('reads errors from OpenAI bodies, OpenAI-compatible detail bodies and plain text', () => {
    expect(codec.decodeError(429, '{"error":{"message":"slow down","type":"rate_limit_error"}}')).toEqual({ status: 429, type: 'rate_limit_error', message: 'slow down' });
    expect(codec.decodeError(400, '{"detail":"bad model"}')).toEqual({ status: 400, type: 'invalid_request_error', message: 'bad model' });
    expect(codec.decodeError(502, '<html> Bad   gateway </html>')).toEqual({ status: 502, type: 'api_error', message: '<html> Bad gateway </html>' });
  });
});
