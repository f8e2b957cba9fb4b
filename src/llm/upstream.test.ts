import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { sigV4Headers } from './providers/bedrock/index.js';
import { createUpstream, nativePath, signedHeaders, translatedHeaders, upstreamHeaders } from './upstream.js';

const base = { baseUrl: 'https://res.openai.azure.com', timeoutMs: 1000, connections: 1 };

describe('upstream targets', () => {
  it('sends Azure requests to the deployment path with the key in api-key', async () => {
    const az = createUpstream('az', { ...base, format: 'azure', apiVersion: '2024-10-21', apiKey: 'k' }, {});
    const fixed = createUpstream('az2', { ...base, format: 'azure', apiVersion: '2024-10-21', deployment: 'prod' }, {});
    try {
      expect(nativePath(az, '/chat/completions', 'gpt-4o')).toBe('/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21');
      expect(nativePath(fixed, '/chat/completions?x=1', 'gpt-4o')).toBe('/openai/deployments/prod/chat/completions?api-version=2024-10-21');
      expect(upstreamHeaders(az, { authorization: 'Bearer caller', 'x-stainless-os': 'Linux' })).toEqual({ 'api-key': 'k', 'x-stainless-os': 'Linux' });
    } finally {
      await Promise.all([az.pool.close(), fixed.pool.close()]);
    }
  });

  it('sends the configured key on a translated request, never the caller credentials or other headers', async () => {
    const ant = createUpstream('a', { ...base, baseUrl: 'https://api.anthropic.com', format: 'anthropic' }, {});
    const oai = createUpstream('o', { ...base, baseUrl: 'https://api.openai.com/v1', format: 'openai', apiKey: 'sk-conf' }, {});
    try {
      const incoming = { authorization: 'Bearer sk-caller', 'user-agent': 'OpenAI/JS', 'openai-beta': 'x', 'x-stainless-lang': 'js' };
      expect(translatedHeaders(ant, incoming, { 'anthropic-version': '2023-06-01' })).toEqual({ 'anthropic-version': '2023-06-01', 'user-agent': 'OpenAI/JS' });
      expect(translatedHeaders(oai, { 'x-api-key': 'sk-ant', 'anthropic-beta': 'b' }, {})).toEqual({ authorization: 'Bearer sk-conf' });
      expect(nativePath(oai, '/chat/completions', 'gpt-4o')).toBe('/chat/completions');
    } finally {
      await Promise.all([ant.pool.close(), oai.pool.close()]);
    }
  });

  it('puts a Gemini key in x-goog-api-key, never the caller credentials', async () => {
    const g = createUpstream('g', { ...base, baseUrl: 'https://generativelanguage.googleapis.com', format: 'gemini', apiKeyEnv: 'GK' }, { GK: 'g-key' });
    try {
      expect(translatedHeaders(g, { authorization: 'Bearer sk-caller', 'x-goog-api-key': 'caller-key' }, { 'content-type': 'application/json' })).toEqual({ 'content-type': 'application/json', 'x-goog-api-key': 'g-key' });
      expect(g.codec.encodeRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { model: 'gemini-2.5-flash', stream: true }).path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
      expect(await signedHeaders(g, { a: 'b' }, { path: '/x', body: '', headers: {} })).toEqual({ a: 'b' });
    } finally {
      await g.pool.close();
    }
  });

  it('signs a Bedrock request over the base path, path and body sent, for the base URL host, and keeps the secret out of sight', async () => {
    const env = { AK: 'AKIDEXAMPLE', SK: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', ST: 'session-token' };
    const b = createUpstream('b', { ...base, baseUrl: 'http://127.0.0.1:8443/proxy/', format: 'bedrock', region: 'eu-west-1', accessKeyIdEnv: 'AK', secretAccessKeyEnv: 'SK', sessionTokenEnv: 'ST' }, env);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const none = createUpstream('n', { ...base, format: 'bedrock', region: 'us-east-1' }, {});
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual(['rampart: bedrock provider "n" has no AWS credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY are not set); its requests go unsigned and AWS will refuse them']);
    warn.mockRestore();
    try {
      const req = b.codec.encodeRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { model: 'anthropic.claude-3-haiku-20240307-v1:0', stream: false });
      expect(req.path).toBe('/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse');
      const h = await signedHeaders(b, translatedHeaders(b, { authorization: 'Bearer sk-caller', 'user-agent': 'UA' }, req.headers), req);
      expect(h['host']).toBe('127.0.0.1:8443');
      expect(h['x-amz-security-token']).toBe('session-token');
      expect(h['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
      // The same signature, recomputed independently over the path as it goes on the wire (base path included).
      const again = await sigV4Headers(
        { method: 'POST', path: `/proxy${req.path}`, headers: req.headers, body: req.body },
        { accessKeyId: env.AK, secretAccessKey: env.SK, sessionToken: env.ST, service: 'bedrock', region: 'eu-west-1', host: '127.0.0.1:8443', now: new Date(Date.UTC(Number(h['x-amz-date']?.slice(0, 4)), Number(h['x-amz-date']?.slice(4, 6)) - 1, Number(h['x-amz-date']?.slice(6, 8)), Number(h['x-amz-date']?.slice(9, 11)), Number(h['x-amz-date']?.slice(11, 13)), Number(h['x-amz-date']?.slice(13, 15)))) },
      );
      expect(again['authorization']).toBe(h['authorization']);
      expect(JSON.stringify(h)).not.toContain(env.SK);
      expect(inspect(b, { depth: 5 })).not.toContain(env.SK);
      // No credentials in the environment: nothing to sign with (AWS answers 403, in the caller's format).
      expect(none.sign).toBeUndefined();
    } finally {
      await Promise.all([b.pool.close(), none.pool.close()]);
    }
  });
});
