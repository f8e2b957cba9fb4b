import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultEngine } from '../../test/helpers/engine.js';
import { parseCorpusLine } from './corpus.js';
import { replaySession } from './replay.js';

const SAMPLE = new URL('../../test/fixtures/corpus/sample.jsonl', import.meta.url);

interface Labelled {
  id: string;
  label: 'attack' | 'benign';
  attack_step: number | null;
}

describe('replaySession on the corpus sample', () => {
  const lines = readFileSync(SAMPLE, 'utf8').trim().split('\n');

  it('stops every attack at or before its harmful step and touches no benign session', async () => {
    const engine = await defaultEngine();
    const misses: string[] = [];
    for (const [i, line] of lines.entries()) {
      const parsed = parseCorpusLine(line, i + 1);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const truth = JSON.parse(line) as Labelled;
      const r = replaySession(engine, parsed.value);
      if (truth.label === 'attack' && (r.stopped_at === null || r.stopped_at > (truth.attack_step ?? Infinity))) misses.push(`missed ${r.id}`);
      if (truth.label === 'benign' && r.stopped_at !== null) misses.push(`touched ${r.id} at ${r.stopped_at} by ${r.rules.join(',')}`);
    }
    expect(misses).toEqual([]);
  });

  it('prints results in the contract shape', async () => {
    const engine = await defaultEngine();
    const parsed = parseCorpusLine(lines[0] as string, 1);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const r = replaySession(engine, parsed.value);
    expect(Object.keys(r)).toEqual(['id', 'action', 'stopped_at', 'rules']);
  });
});

describe('parseCorpusLine', () => {
  it('names the line and field of a bad session', () => {
    expect(parseCorpusLine('{"id":"x","events":[{"type":"teleport"}]}', 7)).toMatchObject({
      ok: false,
      error: { line: 7, field: 'events[0].type' },
    });
    expect(parseCorpusLine('{not json', 3)).toMatchObject({ ok: false, error: { line: 3, field: '(line)' } });
    expect(parseCorpusLine('{"events":[]}', 1)).toMatchObject({ ok: false, error: { field: 'id' } });
  });
});
