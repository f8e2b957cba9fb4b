import { describe, expect, it } from 'vitest';
import { assertSecureUrl, discoverIssuer } from './oidc-discovery.js';

describe('OIDC discovery', () => {
  it('requires https except on loopback', () => {
    expect(() => assertSecureUrl('https://idp.example', 'issuer')).not.toThrow();
    expect(() => assertSecureUrl('http://127.0.0.1:8080', 'issuer')).not.toThrow();
    expect(() => assertSecureUrl('http://[::1]:8080', 'issuer')).not.toThrow();
    expect(() => assertSecureUrl('http://idp.example', 'issuer')).toThrow(/must use https/);
    expect(() => assertSecureUrl('ftp://idp.example', 'jwks_uri')).toThrow(/must use https/);
  });

  it('refuses a plain-http issuer before fetching anything', async () => {
    await expect(discoverIssuer('http://idp.example', 100)).rejects.toThrow(/issuer http:\/\/idp.example must use https/);
  });
});
