import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { CallAbort, toAbortSignal } from './call-abort.js';

describe('CallAbort', () => {
  it('runs its listeners once, in order, and none added after the abort or removed before it', () => {
    const a = new CallAbort();
    const seen: string[] = [];
    const gone = (): void => void seen.push('gone');
    a.addEventListener('abort', () => seen.push('one'));
    a.addEventListener('abort', gone);
    a.addEventListener('abort', () => seen.push('two'));
    a.removeEventListener('abort', gone);
    expect(a.aborted).toBe(false);
    a.abort('why');
    a.abort('again');
    a.addEventListener('abort', () => seen.push('late'));
    expect(seen).toEqual(['one', 'two']);
    expect(a.aborted).toBe(true);
    expect(a.reason).toBe('why');
  });

  it('aborts with the AbortError an AbortController gives when no reason is given', () => {
    const a = new CallAbort();
    a.abort();
    const ac = new AbortController();
    ac.abort();
    expect(a.reason).toBeInstanceOf(DOMException);
    expect((a.reason as DOMException).name).toBe((ac.signal.reason as DOMException).name);
  });

  it('becomes an AbortSignal for the SDK: itself when it is one, else one that follows it', () => {
    const real = new AbortController().signal;
    expect(toAbortSignal(real)).toBe(real);
    const a = new CallAbort();
    const s = toAbortSignal(a);
    expect(s.aborted).toBe(false);
    a.abort('stop');
    expect(s.aborted).toBe(true);
    expect(s.reason).toBe('stop');
    const done = new CallAbort();
    done.abort('early');
    expect(toAbortSignal(done).reason).toBe('early');
  });

  it('is a signal undici takes: aborting it ends an upstream request in flight, and leaves no listener behind', async () => {
    const server = createServer(() => undefined); // never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const a = new CallAbort();
      const pending = request(url, { signal: a });
      setTimeout(() => a.abort(), 20);
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
      expect(a.listenerCount('abort')).toBe(0);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
