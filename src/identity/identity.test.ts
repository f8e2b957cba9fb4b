import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../config/schema.js';
import { MemoryStore } from '../store/memory.js';
import { startIssuer, type TestIssuer } from '../../test/helpers/oidc-issuer.js';
import { createIdentity, identityMode, type Identity } from './identity.js';
import { isAuthFailure, LOCAL_PRINCIPAL } from './principal.js';

const MCP = { scope: 'mcp', resourcePath: '/mcp' };
const LLM = { scope: 'llm', resourcePath: '/v1' };
const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const META = 'http://gw.test/.well-known/oauth-protected-resource/mcp';

function identity(identityConfig: unknown, host = '127.0.0.1'): Identity {
  const config = ConfigSchema.parse({ identity: identityConfig }).identity;
  const r = createIdentity({ config, store: new MemoryStore(), host, fallbackBase: 'http://fallback:1' });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
const H = { host: 'gw.test' };

describe('identity modes', () => {
  it('is local on loopback with nothing configured, and refuses a network address', () => {
    const none = ConfigSchema.parse({}).identity;
    expect(identityMode(none, '127.0.0.1')).toEqual({ ok: true, value: 'local' });
    const r = identityMode(none, '0.0.0.0');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/refusing to listen on 0.0.0.0 without identity/);
    expect(identityMode(ConfigSchema.parse({ identity: { required: true } }).identity, '0.0.0.0')).toEqual({ ok: true, value: 'required' });
  });

  it('lets credential-less and provider-key requests through as local in local mode', async () => {
    const id = identity({});
    const auth = id.authenticator(MCP);
    expect(await auth({ headers: H })).toBe(LOCAL_PRINCIPAL);
    expect(await auth({ headers: { ...H, authorization: 'Bearer sk-openai-xyz' } })).toBe(LOCAL_PRINCIPAL);
  });

  it('still checks an API key presented in local mode', async () => {
    const id = identity({});
    const { key } = await id.apiKeys.create({ user: 'ada' });
    expect(await id.authenticator(MCP)({ headers: { ...H, 'x-api-key': key } })).toMatchObject({ user: 'ada', via: 'api-key' });
    const bad = await id.authenticator(MCP)({ headers: { ...H, 'x-api-key': `${key.slice(0, -2)}zz` } });
    expect(bad).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });

  it('answers 401 with a resource_metadata challenge when a credential is required and missing', async () => {
    const r = await identity({ required: true }).authenticator(MCP)({ headers: H });
    expect(r).toEqual({
      kind: 'auth-failure',
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'authentication required',
      wwwAuthenticate: `Bearer resource_metadata="${META}"`,
    });
  });

  it('answers 403 insufficient_scope for a key scoped to another surface', async () => {
    const id = identity({ required: true });
    const { key } = await id.apiKeys.create({ user: 'ada', scopes: ['llm'] });
    expect(await id.authenticator(LLM)({ headers: { ...H, authorization: `Bearer ${key}` } })).toMatchObject({ user: 'ada' });
    const r = await id.authenticator(MCP)({ headers: { ...H, authorization: `Bearer ${key}` } });
    expect(r).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(isAuthFailure(r) && r.wwwAuthenticate).toBe(`Bearer error="insufficient_scope", error_description="key not valid for mcp", scope="mcp", resource_metadata="${META}"`);
  });

  it('uses the configured public URL over the Host header in metadata and challenges', async () => {
    const id = identity({ required: true, publicUrl: 'https://rampart.example.com/' });
    const r = await id.authenticator(MCP)({ headers: { host: 'evil.test' } });
    expect(isAuthFailure(r) && r.wwwAuthenticate).toContain('resource_metadata="https://rampart.example.com/.well-known/oauth-protected-resource/mcp"');
    expect(id.metadata({ host: 'evil.test' }, '/mcp')).toMatchObject({ resource: 'https://rampart.example.com/mcp' });
  });
});

describe('admin guard', () => {
  it('accepts the admin token and admin-group keys, refuses local and other keys', async () => {
    const id = identity({ adminToken: ADMIN_TOKEN, adminGroup: 'ops' });
    expect(await id.admin({ headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).toMatchObject({ user: 'admin' });
    expect(await id.admin({ headers: { authorization: `Bearer ${ADMIN_TOKEN}x` } })).toMatchObject({ status: 401 });
    expect(await id.admin({ headers: {} })).toMatchObject({ status: 401 });
    const ops = await id.apiKeys.create({ user: 'olga', groups: ['ops'] });
    const dev = await id.apiKeys.create({ user: 'dan', groups: ['dev'] });
    const opsMcpOnly = await id.apiKeys.create({ user: 'olga', groups: ['ops'], scopes: ['mcp'] });
    expect(await id.admin({ headers: { 'x-api-key': ops.key } })).toMatchObject({ user: 'olga' });
    expect(await id.admin({ headers: { 'x-api-key': dev.key } })).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await id.admin({ headers: { 'x-api-key': opsMcpOnly.key } })).toMatchObject({ status: 403 });
  });
});

describe('OIDC through the authenticator, against a real provider', () => {
  let idp: TestIssuer;
  beforeAll(async () => {
    idp = await startIssuer({ clients: [{ id: 'ada', secret: 'ada-secret-0123456789', claims: { groups: ['ops'] } }] });
  });
  afterAll(async () => idp.close());

  const oidcIdentity = () =>
    identity({ oidc: { issuer: idp.issuer, audience: 'http://gw.test/mcp', jwksCooldownSeconds: 0 }, adminGroup: 'ops' }, '0.0.0.0');

  it('accepts a token for the resource, and its admin group opens the admin API', async () => {
    const id = oidcIdentity();
    const token = await idp.token('ada', 'http://gw.test/mcp');
    expect(await id.authenticator(MCP)({ headers: { ...H, authorization: `Bearer ${token}` } })).toEqual({ user: 'ada', groups: ['ops'], via: 'oidc' });
    expect(await id.admin({ headers: { ...H, authorization: `Bearer ${token}` } })).toMatchObject({ user: 'ada' });
  });

  it('answers a wrong-audience token with 401 invalid_token and resource_metadata', async () => {
    const token = await idp.token('ada', 'http://elsewhere.test/mcp');
    const r = await oidcIdentity().authenticator(MCP)({ headers: { ...H, authorization: `Bearer ${token}` } });
    expect(r).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(isAuthFailure(r) && r.wwwAuthenticate).toBe(
      `Bearer error="invalid_token", error_description="token audience is not this resource", resource_metadata="${META}"`,
    );
  });

  it('names the required scopes in the challenge to a request with no credential', async () => {
    const id = identity({ oidc: { issuer: idp.issuer, audience: 'http://gw.test/mcp', requiredScopes: ['mcp'] } }, '0.0.0.0');
    const r = await id.authenticator(MCP)({ headers: H });
    expect(isAuthFailure(r) && r.wwwAuthenticate).toBe(`Bearer scope="mcp", resource_metadata="${META}"`);
    expect(id.metadata(H, '/mcp')).toMatchObject({ scopes_supported: ['mcp'] });
  });

  it('publishes the issuer as the authorization server in the metadata', () => {
    expect(oidcIdentity().metadata(H, '/mcp')).toEqual({
      resource: 'http://gw.test/mcp',
      authorization_servers: [idp.issuer],
      bearer_methods_supported: ['header'],
      scopes_supported: [],
      resource_name: 'Rampart',
    });
  });
});
