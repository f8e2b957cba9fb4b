import { describe, expect, it } from 'vitest';
import { exposedUri, upstreamUri } from './exposed-uri.js';

describe('exposed resource URIs', () => {
  it('round-trips any upstream URI exactly, queries and fragments included', () => {
    for (const uri of ['test://static-text', 'file:///home/a b/README.md', 'https://x.example/p?q=1#frag', 'demo://rampart://nested/x']) {
      expect(upstreamUri(exposedUri('fs-1', uri))).toEqual({ server: 'fs-1', uri });
    }
  });

  it('keeps a template a template: the expanded URI maps back to the expanded upstream URI', () => {
    const t = exposedUri('conf', 'test://template/{id}/data');
    expect(t).toBe('rampart://conf/test://template/{id}/data');
    expect(upstreamUri(t.replace('{id}', '7'))).toEqual({ server: 'conf', uri: 'test://template/7/data' });
  });

  it('refuses URIs that are not ours or name no server or no URI', () => {
    expect(upstreamUri('test://static-text')).toBeUndefined();
    expect(upstreamUri('rampart://')).toBeUndefined();
    expect(upstreamUri('rampart:///x')).toBeUndefined();
    expect(upstreamUri('rampart://conf/')).toBeUndefined();
    expect(upstreamUri('rampart://conf')).toBeUndefined();
  });
});
