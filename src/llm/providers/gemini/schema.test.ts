import { describe, expect, it } from 'vitest';
import { geminiParameters, geminiSchema } from './schema.js';

describe('geminiSchema', () => {
  it('keeps only keys Gemini accepts, recursively', () => {
    expect(
      geminiSchema({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: 'x',
        type: 'object',
        additionalProperties: false,
        properties: { tags: { type: 'array', items: { type: 'string', minLength: 1, examples: ['a'] }, uniqueItems: true }, n: { type: 'number', exclusiveMinimum: 0, description: 'count' } },
      }),
    ).toEqual({ type: 'object', properties: { tags: { type: 'array', items: { type: 'string', minLength: 1 } }, n: { type: 'number', description: 'count' } } });
  });

  it('inlines $ref into $defs and definitions, and ends recursion at a bounded depth', () => {
    const s = geminiSchema({
      type: 'object',
      properties: { a: { $ref: '#/$defs/Addr', description: 'home' }, b: { $ref: '#/definitions/Tree' } },
      $defs: { Addr: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      definitions: { Tree: { type: 'object', properties: { child: { $ref: '#/definitions/Tree' } } } },
    });
    expect((s['properties'] as Record<string, unknown>)['a']).toEqual({ type: 'object', description: 'home', properties: { city: { type: 'string' } }, required: ['city'] });
    expect(JSON.stringify(s).length).toBeLessThan(5000);
    expect(JSON.stringify(s)).not.toContain('$ref');
  });

  it('turns nullable unions, const and anyOf into Gemini forms', () => {
    expect(geminiSchema({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toEqual({ type: 'string', nullable: true });
    expect(geminiSchema({ const: 'fixed' })).toEqual({ type: 'string', enum: ['fixed'] });
    expect(geminiSchema({ type: 'integer', enum: [1, 2] })).toEqual({ type: 'integer' });
    expect(geminiSchema({ oneOf: [{ type: 'string' }, { type: 'integer' }] })).toEqual({ anyOf: [{ type: 'string' }, { type: 'integer' }] });
    expect(geminiSchema({ allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'string' } }, required: ['b'] }] })).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      required: ['a', 'b'],
    });
  });

  it('omits parameters for a function that takes none', () => {
    expect(geminiParameters({ type: 'object', properties: {}, additionalProperties: false })).toBeUndefined();
    expect(geminiParameters(undefined)).toBeUndefined();
    expect(geminiParameters({ type: 'object', properties: { a: { type: 'boolean' } } })).toEqual({ type: 'object', properties: { a: { type: 'boolean' } } });
  });
});
