import { describe, expect, it } from 'vitest';
import { buildContentView } from './content-view.js';
import type { ServerContent } from './server-content.js';

const content = new Map<string, ServerContent>([
  ['docs', { prompts: [{ name: 'summarize' }, { name: 'outline' }], resources: [{ uri: 'docs://handbook', name: 'handbook' }, { uri: 'docs://faq', name: 'faq' }], templates: [{ uriTemplate: 'docs://pages/{slug}', name: 'pages' }] }],
  ['wiki', { prompts: [{ name: 'summarize' }], resources: [{ uri: 'docs://handbook', name: 'same uri, other server' }], templates: [] }],
]);

describe('content views of multi-server views', () => {
  it('prefixes prompts on /mcp, keeps same-named prompts of two servers apart, and maps them back', () => {
    const v = buildContentView(content, undefined);
    expect([...v.prompts.keys()]).toEqual(['docs__summarize', 'docs__outline', 'wiki__summarize']);
    expect(v.prompts.get('wiki__summarize')).toMatchObject({ server: 'wiki', prompt: { name: 'summarize' } });
  });

  it('exposes every resource under its server, even when two servers list the same URI', () => {
    const v = buildContentView(content, undefined);
    expect(v.resources.map((r) => r.exposed)).toEqual(['rampart://docs/docs://handbook', 'rampart://docs/docs://faq', 'rampart://wiki/docs://handbook']);
    expect(v.templates.map((t) => t.exposed)).toEqual(['rampart://docs/docs://pages/{slug}']);
    // On /mcp any URI of a server is readable: templates make URIs that no list holds.
    expect(v.allows('docs', 'docs://anything')).toBe(true);
    expect(v.allows('nosuch', 'docs://handbook')).toBe(false);
  });

  it('takes only what a virtual server names, unprefixed, and reads only within it', () => {
    const v = buildContentView(content, { tools: [], prompts: ['docs/outline', 'wiki/*'], resources: ['docs/docs://handbook', 'docs/docs://pages/{slug}'] });
    expect([...v.prompts.keys()]).toEqual(['outline', 'summarize']);
    expect(v.prompts.get('summarize')?.server).toBe('wiki');
    expect(v.resources.map((r) => r.exposed)).toEqual(['rampart://docs/docs://handbook']);
    expect(v.allows('docs', 'docs://handbook')).toBe(true);
    expect(v.allows('docs', 'docs://pages/intro')).toBe(true);
    expect(v.allows('docs', 'docs://faq')).toBe(false);
    expect(v.allows('wiki', 'docs://handbook')).toBe(false);
    expect([...v.servers].sort()).toEqual(['docs', 'wiki']);
  });

  it('gives the second of two same-named prompts on a virtual server a distinct name', () => {
    const v = buildContentView(content, { tools: [], prompts: ['docs/summarize', 'wiki/summarize'], resources: [] });
    const names = [...v.prompts.keys()];
    expect(names[0]).toBe('summarize');
    expect(names[1]).toMatch(/^summarize-[0-9a-f]{8}$/);
  });
});
