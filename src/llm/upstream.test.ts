import { describe, expect, it } from 'vitest';
import { createUpstream, nativePath, translatedHeaders, upstreamHeaders } from './upstream.js';

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
});
