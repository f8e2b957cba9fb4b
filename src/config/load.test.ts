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
