import type { SseFrame } from '../sse-framer.js';
import { frameJson, type StreamGate } from '../stream-gate.js';
import { MAX_TOOL_ARGS_CHARS, type ReplyToolCall, type ToolVerdict } from '../tool-gate.js';

interface Call {
  id: string | undefined;
  name: string;
  args: string;
}
interface DeltaCall {
  readonly index?: unknown;
  readonly id?: unknown;
  readonly function?: { readonly name?: unknown; readonly arguments?: unknown };
}
interface ChunkChoice {
  readonly index?: unknown;
  readonly delta?: { readonly tool_calls?: unknown; readonly content?: unknown; readonly role?: unknown };
  readonly finish_reason?: unknown;
}

/**
 * The streaming gate for Chat Completions: chunks carrying `tool_calls` deltas are held while the calls'
 * `function.arguments` are assembled across chunks (by choice and call `index`), until the choice's
 * `finish_reason` arrives; text chunks keep flowing meanwhile. Then, if every call is allowed, the held chunks are released byte-exact; otherwise
 * the calls are re-sent whole (allowed ones, renumbered) with a `content` delta per refused one, and a choice
 * left without calls finishes with `stop`. Text-only chunks pass as they arrive.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export class OpenAiStreamGate implements StreamGate {
  readonly #decide: (call: ReplyToolCall) => ToolVerdict;
  /** Calls being assembled, by choice index then call index. */
  readonly #calls = new Map<number, Map<number, Call>>();
  readonly #held: string[] = [];
  #base: Record<string, unknown> | undefined;

  constructor(decide: (call: ReplyToolCall) => ToolVerdict) {
    this.#decide = decide;
  }

  frame(f: SseFrame): string {
    const chunk = frameJson(f);
    const choices = Array.isArray(chunk?.['choices']) ? (chunk['choices'] as ChunkChoice[]) : undefined;
    if (chunk === undefined || choices === undefined) {
      // `[DONE]`, usage-only chunks, errors: nothing to hold, but never overtake held calls.
      return this.#calls.size === 0 ? f.raw : this.#hold(f.raw);
    }
    let carriesCalls = false;
    for (const ch of choices) {
      const calls = ch.delta?.tool_calls;
      if (!Array.isArray(calls)) continue;
      carriesCalls = true;
      const ci = typeof ch.index === 'number' ? ch.index : 0;
      let byIndex = this.#calls.get(ci);
      if (byIndex === undefined) this.#calls.set(ci, (byIndex = new Map()));
      for (const d of calls as DeltaCall[]) {
        const i = typeof d.index === 'number' ? d.index : 0;
        let c = byIndex.get(i);
        if (c === undefined) byIndex.set(i, (c = { id: undefined, name: '', args: '' }));
        if (typeof d.id === 'string') c.id = d.id;
        if (typeof d.function?.name === 'string' && d.function.name !== '') c.name = d.function.name;
        if (typeof d.function?.arguments === 'string' && c.args.length <= MAX_TOOL_ARGS_CHARS) c.args += d.function.arguments;
      }
    }
    if (!carriesCalls && this.#calls.size === 0) return f.raw;
    const finished = choices.filter((ch) => ch.finish_reason !== null && ch.finish_reason !== undefined && this.#calls.has(typeof ch.index === 'number' ? ch.index : 0));
    // Text while calls are held passes at once: clients gather content and tool calls apart, so order between
    // them does not matter, and a refusal must not swallow the model's words.
    if (!carriesCalls && finished.length === 0) return f.raw;
    this.#base = chunk;
    if (finished.length === 0 || finished.length < this.#calls.size) return this.#hold(f.raw);
    return this.#decideAll(f.raw, chunk, choices);
  }

  #hold(raw: string): string {
    this.#held.push(raw);
    return '';
  }

  #decideAll(raw: string, chunk: Record<string, unknown>, choices: readonly ChunkChoice[]): string {
    const out: string[] = [];
    let refused = false;
    const keptByChoice = new Map<number, number>();
    for (const [ci, byIndex] of this.#calls) {
      let kept = 0;
      for (const c of [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1])) {
        const v = this.#decide({ name: c.name === '' ? 'unknown' : c.name, callId: c.id, rawArgs: c.args });
        if (v.kind === 'allow') {
          out.push(this.#chunk(ci, { tool_calls: [{ index: kept++, id: c.id, type: 'function', function: { name: c.name, arguments: c.args } }] }));
        } else {
          refused = true;
          out.push(this.#chunk(ci, { content: v.text }));
        }
      }
      keptByChoice.set(ci, kept);
    }
    this.#calls.clear();
    const held = this.#held.splice(0);
    if (!refused) return held.join('') + raw;
    const last = {
      ...chunk,
      choices: choices.map((ch) => {
        const ci = typeof ch.index === 'number' ? ch.index : 0;
        const { tool_calls: _drop, ...delta } = ch.delta ?? {};
        return keptByChoice.get(ci) === 0 && ch.finish_reason === 'tool_calls' ? { ...ch, delta, finish_reason: 'stop' } : { ...ch, delta };
      }),
    };
    return out.join('') + `data: ${JSON.stringify(last)}\n\n`;
  }

  /** A synthesized chunk for one choice, carrying the id, model and timestamps of the provider's chunks. */
  #chunk(choice: number, delta: Record<string, unknown>): string {
    const { choices: _c, usage: _u, ...base } = this.#base ?? {};
    return `data: ${JSON.stringify({ ...base, choices: [{ index: choice, delta: { role: 'assistant', ...delta }, finish_reason: null }] })}\n\n`;
  }

  end(): string {
    this.#calls.clear();
    this.#held.length = 0;
    return '';
  }
}
