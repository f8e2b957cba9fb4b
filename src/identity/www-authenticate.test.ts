import { describe, expect, it } from 'vitest';
import { wwwAuthenticate } from './www-authenticate.js';

describe('wwwAuthenticate', () => {
  it('sends only resource_metadata when no credential was presented', () => {
    expect(wwwAuthenticate({ resourceMetadata: 'https://gw/.well-known/oauth-protected-resource/mcp' })).toBe(
      'Bearer resource_metadata="https://gw/.well-known/oauth-protected-resource/mcp"',
    );
  });

  it('names the error and strips characters that would break the quoted string', () => {
    const v = wwwAuthenticate({ error: 'invalid_token', description: 'bad "token"\\\n', resourceMetadata: 'u' });
    expect(v).toBe('Bearer error="invalid_token", error_description="bad token", resource_metadata="u"');
  });
});
