import { describe, expect, it } from 'vitest';
import { normalize, SemanticIndex } from './semantic-index.js';

const v = (...xs: number[]): Float32Array => normalize(xs) as Float32Array;

describe('SemanticIndex', () => {
  it('finds the closest entry of the same context at or above the threshold', () => {
    const ix = new SemanticIndex({ maxEntries: 10 });
    ix.add('ctx', v(1, 0, 0), 'east', 1e12, 0);
    ix.add('ctx', v(0, 1, 0), 'north', 1e12, 0);
    const hit = ix.nearest('ctx', v(0.9, 0.1, 0), 0.9, 0);
    expect(hit?.key).toBe('east');
    expect(hit?.similarity).toBeGreaterThan(0.99);
    // Between the two: similar to both, but below a high threshold.
    expect(ix.nearest('ctx', v(1, 1, 0), 0.9, 0)).toBeUndefined();
    // Another context (another tenant, another conversation) never matches.
    expect(ix.nearest('other', v(1, 0, 0), 0.5, 0)).toBeUndefined();
  });

  it('ignores expired entries and stays within its entry bound, oldest first', () => {
    const ix = new SemanticIndex({ maxEntries: 2 });
    ix.add('ctx', v(1, 0), 'a', 100, 0);
    expect(ix.nearest('ctx', v(1, 0), 0.9, 100)).toBeUndefined();
    ix.add('ctx', v(1, 0), 'b', 1e12, 0);
    ix.add('ctx', v(0, 1), 'c', 1e12, 0);
    ix.add('ctx2', v(1, 0), 'd', 1e12, 0);
    expect(ix.size).toBe(2);
    expect(ix.nearest('ctx', v(1, 0), 0.9, 0)).toBeUndefined();
    expect(ix.nearest('ctx', v(0, 1), 0.9, 0)?.key).toBe('c');
  });

  it('rejects a zero vector', () => {
    expect(normalize([0, 0, 0])).toBeUndefined();
  });
});
