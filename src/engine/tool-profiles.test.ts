import { describe, expect, it } from 'vitest';
import type { ToolDefinition } from '../core/index.js';
import type { ToolOverride } from './capabilities.js';
import { wordHash } from './provenance/words.js';
import { ToolProfiles } from './tool-profiles.js';

function profiles(opts: { tools?: Map<string, ToolOverride>; catalog?: Map<string, ToolDefinition>; max?: number } = {}) {
  const catalog = opts.catalog ?? new Map<string, ToolDefinition>();
  return { catalog, p: new ToolProfiles({ tools: opts.tools ?? new Map(), catalog, max: opts.max ?? 100 }) };
}

describe('ToolProfiles', () => {
  it('resolves a tool once and serves the same profile after', () => {
    const { p } = profiles();
    const a = p.get({ server: 'mail', name: 'send_email' });
    expect(a.capabilities).toEqual(['sends-out']);
    expect(p.get({ server: 'mail', name: 'send_email' })).toBe(a);
    // Same name, other server: its own profile.
    expect(p.get({ server: 'crm', name: 'send_email' })).not.toBe(a);
  });

  it('keeps only the words that say what the tool does', () => {
    const { p } = profiles();
    // "mail" is the server's name, "get" and "by" are generic, "id" is too short.
    expect(p.get({ server: 'mail', name: 'MailGetTransferById' }).actionWords).toEqual([wordHash('transfer')]);
  });

  it('takes configuration by server/name, then server/*, then the bare name', () => {
    const tools = new Map<string, ToolOverride>([
      ['crm/*', { capabilities: ['reads-private'], trusted: true }],
      ['send_email', { capabilities: ['writes'] }],
    ]);
    const { p } = profiles({ tools });
    expect(p.get({ server: 'crm', name: 'delete_all' }).capabilities).toEqual(['reads-private']);
    expect(p.get({ server: 'crm', name: 'delete_all' }).override?.trusted).toBe(true);
    expect(p.get({ server: 'mail', name: 'send_email' }).capabilities).toEqual(['writes']);
  });

  it('sees learned definitions only after forget', () => {
    const { p, catalog } = profiles();
    const tool = { server: 'fs', name: 'frobnicate' };
    expect(p.get(tool).capabilities).toEqual(['reads-private', 'reads-untrusted', 'writes', 'sends-out']);
    catalog.set('fs/frobnicate', { server: 'fs', name: 'frobnicate', description: '', inputSchema: {}, annotations: { readOnlyHint: true, openWorldHint: false } });
    p.forget();
    expect(p.get(tool).capabilities).toEqual(['reads-private']);
  });

  it('stays bounded: a full table starts over', () => {
    const { p } = profiles({ max: 2 });
    const first = p.get({ server: 's', name: 'a' });
    p.get({ server: 's', name: 'b' });
    p.get({ server: 't', name: 'c' });
    expect(p.get({ server: 's', name: 'a' })).not.toBe(first);
  });
});
