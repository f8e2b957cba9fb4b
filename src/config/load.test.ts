import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';

function file(yaml: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'rampart-cfg-')), 'c.yaml');
  writeFileSync(p, yaml);
  return p;
}

describe('identity configuration', () => {
  it('defaults to no identity, so the demo runs with no key', async () => {
    const c = await loadConfig(undefined, {}, {});
    expect(c.ok && c.value.identity).toEqual({ required: false, adminToken: undefined });
  });

  it('reads oidc with its defaults, and takes the admin token from the environment over the file', async () => {
    const p = file('identity:\n  adminToken: from-the-file-0123456789\n  oidc:\n    issuer: https://idp.example\n    audience: https://gw.example/mcp\n');
    const c = await loadConfig(p, {}, { RAMPART_ADMIN_TOKEN: 'from-the-env-0123456789' });
    if (!c.ok) throw new Error(c.error);
    expect(c.value.identity.adminToken).toBe('from-the-env-0123456789');
    expect(c.value.identity.oidc).toEqual({
      issuer: 'https://idp.example',
      audience: 'https://gw.example/mcp',
      userClaim: 'sub',
      groupsClaim: 'groups',
      clockSkewSeconds: 30,
      jwksCooldownSeconds: 30,
      requiredScopes: [],
    });
  });

  it('rejects a short admin token, an unknown field and an issuer that is not a URL', async () => {
    expect(await loadConfig(undefined, {}, { RAMPART_ADMIN_TOKEN: 'short' })).toEqual({ ok: false, error: 'RAMPART_ADMIN_TOKEN: must be at least 16 characters' });
    const unknown = await loadConfig(file('identity:\n  adminTokn: x\n'), {}, {});
    expect(!unknown.ok && unknown.error).toMatch(/identity: Unrecognized key/);
    const bad = await loadConfig(file('identity:\n  oidc:\n    issuer: not a url\n    audience: x\n'), {}, {});
    expect(!bad.ok && bad.error).toMatch(/identity\.oidc\.issuer/);
  });
});

describe('MCP upstream credentials', () => {
  it('reads a header credential with its defaults, and refuses a credential the transport cannot take', async () => {
    const ok = await loadConfig(file('mcp:\n  servers:\n    gh:\n      transport: { type: http, url: "http://127.0.0.1:9/mcp" }\n      credential: { inject: header, header: X-Api-Key }\n'), {}, {});
    if (!ok.ok) throw new Error(ok.error);
    expect(ok.value.mcp.servers['gh']?.credential).toEqual({ inject: 'header', header: 'x-api-key', prefix: 'Bearer ', required: false });
    const envOnHttp = await loadConfig(file('mcp:\n  servers:\n    gh:\n      transport: { type: http, url: "http://127.0.0.1:9/mcp" }\n      credential: { inject: env, env: GH_TOKEN }\n'), {}, {});
    expect(!envOnHttp.ok && envOnHttp.error).toMatch(/mcp\.servers\.gh\.credential\.inject: inject: env is for stdio servers/);
    const badHeader = await loadConfig(file('mcp:\n  servers:\n    gh:\n      transport: { type: http, url: "http://127.0.0.1:9/mcp" }\n      credential: { inject: header, header: "bad header" }\n'), {}, {});
    expect(!badHeader.ok && badHeader.error).toMatch(/credential\.header: must be an HTTP header name/);
  });
});

describe('llm routing configuration', () => {
  const providers = 'llm:\n  providers:\n    a: { format: anthropic, baseUrl: "http://127.0.0.1:1" }\n    b: { format: anthropic, baseUrl: "http://127.0.0.1:2" }\n';

  it('reads a route with its targets, and keeps the short form', async () => {
    const c = await loadConfig(
      file(
        `${providers}  aliases: { smart: claude-sonnet-4-5 }\n  retry: { attempts: 1 }\n  models:\n    - match: "claude-*"\n      strategy: weighted\n      when: { metadata: { team: [ml, research] } }\n      fallbackOn: [429, 5xx]\n      targets:\n        - { provider: a, weight: 3, timeoutMs: 2000, retry: { attempts: 2, maxRetryAfterMs: 5000 } }\n        - { provider: b, model: claude-haiku-4-5 }\n    - { match: "claude-*", provider: b }\n`,
      ),
      {},
      {},
    );
    if (!c.ok) throw new Error(c.error);
    expect(c.value.llm.models).toEqual([
      {
        match: 'claude-*',
        strategy: 'weighted',
        when: { metadata: { team: ['ml', 'research'] } },
        fallbackOn: [429, '5xx'],
        targets: [{ provider: 'a', weight: 3, timeoutMs: 2000, retry: { attempts: 2, maxRetryAfterMs: 5000 } }, { provider: 'b', model: 'claude-haiku-4-5' }],
      },
      { match: 'claude-*', provider: 'b', model: undefined },
    ]);
    expect(c.value.llm.breaker).toEqual({ failures: 5, windowMs: 60_000, cooldownMs: 30_000 });
  });

  it.each([
    ['  models:\n    - { match: x, targets: [{ provider: nope }] }\n', /llm\.models\.0\.targets\.0\.provider: no provider named nope/],
    ['  models:\n    - { match: x, provider: a, targets: [{ provider: b }] }\n', /llm\.models\.0\.provider: provider goes inside targets/],
    ['  models:\n    - { match: x, provider: a, strategy: weighted }\n', /llm\.models\.0\.strategy: strategy needs targets/],
    ['  models:\n    - { match: x }\n', /llm\.models\.0\.provider: either provider/],
    ['  models:\n    - { match: x, strategy: fastest, targets: [{ provider: a }] }\n', /llm\.models\.0\.strategy/],
    ['  models:\n    - { match: x, fallbackOn: [5x], targets: [{ provider: a }] }\n', /llm\.models\.0\.fallbackOn\.0/],
    ['  models:\n    - { match: x, targets: [{ provider: a, weight: 0 }] }\n', /llm\.models\.0\.targets\.0\.weight/],
    ['  aliases: { s: t, t: x }\n  models:\n    - { match: x, provider: a }\n', /llm\.aliases\.s: s points at another alias/],
    ['  aliases: { s: gpt-4o }\n  models:\n    - { match: "claude-*", provider: a }\n', /llm\.aliases\.s: gpt-4o matches no entry/],
    ['  cache: { mode: semantic }\n', /llm\.cache\.semantic: mode semantic needs semantic\.embeddingModel/],
    ['  cache: { mode: semantic, semantic: { embeddingModel: text-embedding-3-small } }\n  models:\n    - { match: "claude-*", provider: a }\n', /llm\.cache\.semantic\.embeddingModel: text-embedding-3-small matches no entry/],
    ['  cache: { mode: exact, maxBytes: 10, maxEntryBytes: 100 }\n', /llm\.cache\.maxEntryBytes: maxEntryBytes is larger than maxBytes/],
    ['  cache: { mode: fuzzy }\n', /llm\.cache\.mode/],
  ])('rejects %j with a precise path', async (yaml, message) => {
    const c = await loadConfig(file(providers + yaml), {}, {});
    expect(!c.ok && c.error).toMatch(message);
  });
});

describe('observability configuration', () => {
  it('takes the OTLP traces endpoint from the file, else from the standard OpenTelemetry variables', async () => {
    const none = await loadConfig(undefined, {}, {});
    expect(none.ok && none.value.observability.otlp.endpoint).toBeUndefined();
    const base = await loadConfig(undefined, {}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' });
    expect(base.ok && base.value.observability.otlp.endpoint).toBe('http://collector:4318/v1/traces');
    const traces = await loadConfig(undefined, {}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom' });
    expect(traces.ok && traces.value.observability.otlp.endpoint).toBe('http://b:4318/custom');
    const fromFile = await loadConfig(file('observability:\n  otlp:\n    endpoint: http://c:4318/v1/traces\n'), {}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318' });
    expect(fromFile.ok && fromFile.value.observability.otlp.endpoint).toBe('http://c:4318/v1/traces');
  });
});

describe('gemini and bedrock providers', () => {
  it('fills in the public endpoints: Gemini by default, Bedrock from its region', async () => {
    const c = await loadConfig(file('llm:\n  providers:\n    g: { format: gemini, apiKeyEnv: GEMINI_API_KEY }\n    b: { format: bedrock, region: eu-west-3 }\n    v: { format: gemini, apiVersion: v1, baseUrl: "http://127.0.0.1:9" }\n'), {}, {});
    if (!c.ok) throw new Error(c.error);
    expect(c.value.llm.providers['g']).toMatchObject({ format: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com', apiKeyEnv: 'GEMINI_API_KEY' });
    expect(c.value.llm.providers['b']).toMatchObject({ format: 'bedrock', baseUrl: 'https://bedrock-runtime.eu-west-3.amazonaws.com', region: 'eu-west-3' });
    expect(c.value.llm.providers['v']).toMatchObject({ baseUrl: 'http://127.0.0.1:9', apiVersion: 'v1' });
  });

  it.each([
    ['b: { format: bedrock }', /llm\.providers\.b\.region: a bedrock provider needs region/],
    ['b: { format: bedrock, region: Paris }', /llm\.providers\.b\.region/],
    ['b: { format: bedrock, region: us-east-1, apiKey: k }', /llm\.providers\.b\.apiKey: apiKey does not apply to bedrock/],
    ['g: { format: gemini, region: us-east-1 }', /llm\.providers\.g\.region: region applies to bedrock providers only/],
    ['g: { format: gemini, apiVersion: v2 }', /llm\.providers\.g\.apiVersion: a gemini apiVersion is v1beta, v1 or v1alpha/],
    ['o: { format: openai }', /llm\.providers\.o\.baseUrl: an openai provider needs baseUrl/],
    ['o: { format: openai, baseUrl: "http://x", accessKeyIdEnv: K }', /llm\.providers\.o\.accessKeyIdEnv: accessKeyIdEnv applies to bedrock/],
  ])('rejects %s with a precise path', async (entry, message) => {
    const c = await loadConfig(file(`llm:\n  providers:\n    ${entry}\n`), {}, {});
    expect(!c.ok && c.error).toMatch(message);
  });
});
