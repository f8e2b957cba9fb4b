import { describe, expect, it } from 'vitest';
import { SecretValue } from '../secrets/secret-value.js';
import { callCredentialHeaders, currentCallHeaders, spawnCredentialEnv, withCallHeaders } from './credentials.js';

const source = {
  async resolve(server: string, user: string | undefined) {
    if (server !== 'gh') return undefined;
    return new SecretValue(user === 'ann' ? 'ann-token' : 'shared-token');
  },
};

describe('outbound credentials', () => {
  it('builds the configured header from the caller’s credential', async () => {
    const header = { inject: 'header', header: 'authorization', prefix: 'Bearer ', required: false } as const;
    expect(await callCredentialHeaders('gh', header, 'ann', source)).toEqual({ authorization: 'Bearer ann-token' });
    expect(await callCredentialHeaders('gh', { ...header, header: 'x-api-key', prefix: '' }, 'bob', source)).toEqual({ 'x-api-key': 'shared-token' });
    expect(await callCredentialHeaders('gh', undefined, 'ann', source)).toBeUndefined();
    expect(await callCredentialHeaders('other', header, 'ann', source)).toBeUndefined();
    await expect(callCredentialHeaders('other', { ...header, required: true }, 'ann', source)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('gives a stdio server its shared credential as an environment variable', async () => {
    const env = { inject: 'env', env: 'GH_TOKEN', required: false } as const;
    expect(await spawnCredentialEnv('gh', env, source)).toEqual({ GH_TOKEN: 'shared-token' });
    expect(await spawnCredentialEnv('other', env, source)).toEqual({});
    await expect(spawnCredentialEnv('other', { ...env, required: true }, source)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('scopes call headers to the call: concurrent calls see their own, nothing leaks after', async () => {
    const seen = await Promise.all(
      ['a', 'b'].map((v) =>
        withCallHeaders({ authorization: v }, async () => {
          await new Promise((r) => setTimeout(r, v === 'a' ? 20 : 1));
          return currentCallHeaders()?.['authorization'];
        }),
      ),
    );
    expect(seen).toEqual(['a', 'b']);
    expect(currentCallHeaders()).toBeUndefined();
  });
});
