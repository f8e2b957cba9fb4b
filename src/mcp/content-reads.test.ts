import type { GetPromptResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import type { Redaction } from '../core/index.js';
import { CONTENT_READS, promptParts, readParts, redactPrompt, redactRead } from './content-reads.js';
import { joinParts, redactTexts } from './result-text.js';

/** Spans of every occurrence of `needle` in `joined`, as the engine would produce them. */
function spans(joined: string, needle: string): Redaction[] {
  return [...joined.matchAll(new RegExp(needle, 'g'))].map((m) => ({ arg: undefined, start: m.index, end: m.index + needle.length, replacement: '[R]' }));
}

describe('resource and prompt text for the engine', () => {
  const read: ReadResourceResult = {
    contents: [
      { uri: 'a://1', text: 'key AKIAX here' },
      { uri: 'a://2', mimeType: 'image/png', blob: Buffer.from('12345').toString('base64') },
      { uri: 'a://3', text: 'and AKIAX again' },
    ],
  };

  it('gives one part per item, noting a blob by type and decoded size', () => {
    expect(readParts(read)).toEqual(['key AKIAX here', '[binary image/png, 5 bytes]', 'and AKIAX again']);
  });

  it('maps redactions back into the text items and leaves blobs and untouched items as they were', () => {
    const out = redactRead(read, spans(joinParts(readParts(read)), 'AKIAX'));
    expect(out.contents).toEqual([
      { uri: 'a://1', text: 'key [R] here' },
      read.contents[1],
      { uri: 'a://3', text: 'and [R] again' },
    ]);
    expect(out.contents[1]).toBe(read.contents[1]);
  });

  const prompt: GetPromptResult = {
    description: 'about AKIAX',
    messages: [
      { role: 'user', content: { type: 'text', text: 'use AKIAX' } },
      { role: 'user', content: { type: 'image', data: 'AAAA', mimeType: 'image/png' } },
      { role: 'assistant', content: { type: 'resource', resource: { uri: 'a://r', text: 'embedded AKIAX' } } },
    ],
  };

  it('reads a prompt as its description and its messages, embedded resources included', () => {
    expect(promptParts(prompt)).toEqual(['about AKIAX', 'use AKIAX', '[binary image/png, 3 bytes]', 'embedded AKIAX']);
  });

  it('redacts the description, text messages and embedded text resources of a prompt', () => {
    const out = redactPrompt(prompt, spans(joinParts(promptParts(prompt)), 'AKIAX'));
    expect(out.description).toBe('about [R]');
    expect(out.messages.map((m) => m.content)).toEqual([
      { type: 'text', text: 'use [R]' },
      { type: 'image', data: 'AAAA', mimeType: 'image/png' },
      { type: 'resource', resource: { uri: 'a://r', text: 'embedded [R]' } },
    ]);
  });

  it('gives the engine the arguments a client sent', () => {
    expect(CONTENT_READS['resources/read'].args({ uri: 'a://1' })).toEqual({ uri: 'a://1' });
    expect(CONTENT_READS['prompts/get'].args({ name: 'p' })).toEqual({ name: 'p', arguments: {} });
  });
});

describe('redactTexts', () => {
  it('returns the same strings where no span falls, and rewrites a span at a part boundary only inside its part', () => {
    const texts = ['abc', 'SECRET', 'xyz'];
    const out = redactTexts(texts, [{ arg: undefined, start: 4, end: 10, replacement: '[R]' }]);
    expect(out).toEqual(['abc', '[R]', 'xyz']);
    expect(out[0]).toBe(texts[0]);
  });
});
