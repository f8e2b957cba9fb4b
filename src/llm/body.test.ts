import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseObject, readBounded } from './body.js';

describe('readBounded', () => {
  it('reads every chunk of a body within the bound', async () => {
    const got = await readBounded(Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]), 100);
    expect(got?.toString()).toBe('{"a":1}');
  });

  it('gives a single chunk back as is and an empty body as an empty buffer', async () => {
    const one = Buffer.from('x');
    expect(await readBounded(Readable.from([one]), 1)).toBe(one);
    expect((await readBounded(Readable.from([]), 1))?.length).toBe(0);
  });

  it('stops and destroys the stream past the bound', async () => {
    const body = Readable.from([Buffer.from('12345'), Buffer.from('6789')]);
    expect(await readBounded(body, 6)).toBeUndefined();
    expect(body.destroyed).toBe(true);
  });

  it("rejects with the stream's error", async () => {
    const body = new Readable({ read() {} });
    const got = readBounded(body, 100);
    body.destroy(new Error('reset'));
    await expect(got).rejects.toThrow('reset');
  });

  it('rejects when the stream closes without an end or an error', async () => {
    const body = new Readable({ read() {} });
    const got = readBounded(body, 100);
    body.destroy();
    await expect(got).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });
});

describe('parseObject', () => {
  it('takes JSON objects only', () => {
    expect(parseObject('{"a":1}')).toEqual({ a: 1 });
    expect(parseObject('[1]')).toBeUndefined();
    expect(parseObject('nope')).toBeUndefined();
  });
});
