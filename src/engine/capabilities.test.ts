import { describe, expect, it } from 'vitest';
import { fromAnnotations, fromName, nameWords, resolveCapabilities, UNKNOWN_TOOL, withNetworkEgress } from './capabilities.js';

describe('capabilities', () => {
  it('splits tool names into words', () => {
    expect(nameWords('GmailSendEmail')).toEqual(['gmail', 'send', 'email']);
    expect(nameWords('send_money')).toEqual(['send', 'money']);
  });

  it('reads the first verb of a name', () => {
    expect(fromName('GmailSendEmail')).toEqual(['sends-out']);
    expect(fromName('get_posts')).toEqual(['reads-private', 'reads-untrusted']);
    expect(fromName('delete_file')).toEqual(['destroys']);
    expect(fromName('TerminalExecute')).toEqual(['executes']);
  });

  it('is pessimistic about a name it cannot place', () => {
    expect(fromName('frobnicate')).toEqual([...UNKNOWN_TOOL]);
  });

  it('prefers configuration, then annotations, and reads a missing hint as the worst case', () => {
    expect(resolveCapabilities({ name: 'delete_all', override: { capabilities: ['reads-private'] }, annotations: undefined, description: undefined })).toEqual(['reads-private']);
    expect(fromAnnotations({ readOnlyHint: true, openWorldHint: false })).toEqual(['reads-private']);
    expect(fromAnnotations({})).toEqual(['writes', 'destroys', 'sends-out']);
  });

  it('counts a call to a URL the caller chose as sending out', () => {
    expect(withNetworkEgress(['reads-private'], { url: 'www.example.com' })).toContain('sends-out');
    expect(withNetworkEgress(['reads-private'], { query: 'weather' })).toEqual(['reads-private']);
  });
});
