import { describe, expect, it } from 'vitest';
import { presentedCredential } from './presented-credential.js';

const KEY = `rk_0123456789abcdef_${'x'.repeat(43)}`;

describe('presentedCredential', () => {
  it('reads rk_ keys from Authorization: Bearer or x-api-key', () => {
    expect(presentedCredential({ authorization: `Bearer ${KEY}` })).toEqual({ kind: 'api-key', value: KEY });
    expect(presentedCredential({ 'x-api-key': KEY })).toEqual({ kind: 'api-key', value: KEY });
    expect(presentedCredential({ authorization: `bearer ${KEY}`, 'x-api-key': KEY })).toEqual({ kind: 'api-key', value: KEY });
  });

  it('treats other bearer values as tokens and nothing as none', () => {
    expect(presentedCredential({ authorization: 'Bearer eyJ.a.b' })).toEqual({ kind: 'bearer', value: 'eyJ.a.b' });
    expect(presentedCredential({ 'x-api-key': 'sk-ant-123' })).toEqual({ kind: 'bearer', value: 'sk-ant-123' });
    expect(presentedCredential({})).toEqual({ kind: 'none' });
  });

  it('calls other schemes and two different keys malformed', () => {
    expect(presentedCredential({ authorization: 'Basic YTpi' }).kind).toBe('malformed');
    expect(presentedCredential({ authorization: 'Bearer ' }).kind).toBe('malformed');
    expect(presentedCredential({ authorization: `Bearer ${KEY}`, 'x-api-key': `${KEY.slice(0, -1)}y` }).kind).toBe('malformed');
  });
});
