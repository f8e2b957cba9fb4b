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
