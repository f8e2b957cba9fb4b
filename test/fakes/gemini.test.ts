import { afterEach, describe, expect, it } from 'vitest';
import { startGeminiFake } from './gemini.js';
import type { FakeServer } from './recording-server.js';
import { textStep, toolStep } from './script.js';
import { parseSse, postJson } from './test-sse.js';

const SCRIPT = [toolStep('run_shell_command', { command: 'cat notes.txt' }), textStep((t) => `Done. The tool said: ${t.lastToolResult ?? '-'}`)];
let fake: FakeServer;
afterEach(() => fake.close());

const first = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
const second = {
  contents: [
    ...first.contents,
    { role: 'model', parts: [{ functionCall: { name: 'run_shell_command', args: { command: 'cat notes.txt' } } }] },
    { role: 'user', parts: [{ functionResponse: { name: 'run_shell_command', response: { output: 'secret' } } }] },
  ],
};

describe('scripted Gemini server', () => {
  it('answers generateContent with a function call, then text, from the model turns in the request', async () => {
    fake = await startGeminiFake({ script: SCRIPT });
    const a = JSON.parse((await postJson(`${fake.url}/v1beta/models/gemini-x:generateContent`, first)).text) as Record<string, unknown>;
    expect(a).toMatchObject({ candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'run_shell_command', args: { command: 'cat notes.txt' } } }] }, finishReason: 'STOP' }], modelVersion: 'gemini-x' });
    const b = JSON.parse((await postJson(`${fake.url}/v1beta/models/gemini-x:generateContent`, second)).text) as { candidates: { content: { parts: { text: string }[] } }[] };
    expect(b.candidates[0]?.content.parts[0]?.text).toBe('Done. The tool said: secret');
  });

  it('streams data-only SSE chunks with alt=sse, finishReason on the last', async () => {
    fake = await startGeminiFake({ script: SCRIPT, textChunk: 6 });
    const ev = parseSse((await postJson(`${fake.url}/v1beta/models/gemini-x:streamGenerateContent?alt=sse`, second)).text);
    expect(ev.length).toBeGreaterThan(2);
    expect(ev.every((e) => e.event === undefined)).toBe(true);
    const cands = ev.map((e) => (e.data['candidates'] as { content: { parts: { text: string }[] }; finishReason?: string }[])[0]);
    expect(cands.map((c) => c?.content.parts[0]?.text).join('')).toBe('Done. The tool said: secret');
    expect(cands.map((c) => c?.finishReason)).toEqual([...Array(ev.length - 1).fill(undefined), 'STOP']);
  });

  it('answers JSON-mode side calls without spending a script turn, and errors in Google format', async () => {
    fake = await startGeminiFake({ script: SCRIPT });
    const router = JSON.parse((await postJson(`${fake.url}/v1beta/models/flash-lite:generateContent`, { ...first, generationConfig: { responseMimeType: 'application/json' } })).text) as {
      candidates: { content: { parts: { text: string }[] } }[];
    };
    expect(JSON.parse(router.candidates[0]?.content.parts[0]?.text ?? '')).toEqual({ complexity_reasoning: 'scripted', complexity_score: 1 });
    const bad = await postJson(`${fake.url}/v1beta/models/x:generateContent`, '[');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    expect((await postJson(`${fake.url}/v1beta/models/x:countTokens`, first)).status).toBe(404);
  });
});
