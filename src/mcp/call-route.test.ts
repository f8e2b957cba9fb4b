import { describe, expect, it } from 'vitest';
import { currentRoute, passesLevel, withRoute, type CallRoute } from './call-route.js';

const route = (sessionId: string): CallRoute => ({
  sessionId,
  request: () => Promise.reject(new Error('unused')),
  notify: () => Promise.resolve(),
  logLevel: () => undefined,
  clientCapabilities: () => undefined,
});

describe('call routes', () => {
  it('filters logs by the client level, and sends everything when it never set one', () => {
    expect(passesLevel('info', 'warning')).toBe(false);
    expect(passesLevel('error', 'warning')).toBe(true);
    expect(passesLevel('warning', 'warning')).toBe(true);
    expect(passesLevel('debug', undefined)).toBe(true);
  });

  it('keeps each call its own route across awaits, with concurrent calls interleaved', async () => {
    const seen: string[] = [];
    const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
    const work = (id: string): Promise<void> =>
      withRoute(route(id), async () => {
        await tick();
        seen.push(`${id}:${currentRoute()?.sessionId}`);
        await tick();
        seen.push(`${id}:${currentRoute()?.sessionId}`);
      });
    await Promise.all([work('a'), work('b')]);
    // Interleaved (a, b, a, b), and each call still sees its own route.
    expect(seen).toEqual(['a:a', 'b:b', 'a:a', 'b:b']);
    expect(currentRoute()).toBeUndefined();
  });
});
