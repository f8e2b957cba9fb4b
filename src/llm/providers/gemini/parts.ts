import type { ChatToolCall } from '../../canonical/chat.js';
import { geminiToolCallId } from './tool-call-id.js';

/** A Gemini `Part`, only the fields translation reads (response schemas stay lenient). */
interface Part {
  readonly text?: unknown;
  readonly thought?: unknown;
  readonly thoughtSignature?: unknown;
  readonly functionCall?: { readonly id?: unknown; readonly name?: unknown; readonly args?: unknown };
}

/** What one candidate's parts (a whole reply, or one streamed chunk of it) say, canonically. */
export interface ReadParts {
  readonly text: string;
  /** Text of `thought: true` parts (summaries of the model's thinking, when `includeThoughts` asked). */
  readonly reasoning: string;
  readonly calls: readonly ChatToolCall[];
}

/** Where the parts come from: the ids of their function calls depend on it. */
export interface PartsPlace {
  readonly responseId: string | undefined;
  readonly candidate: number;
  /** How many calls this candidate made before these parts (streaming: in earlier chunks). */
  readonly callsBefore: number;
}

/**
 * Reads a candidate's `content.parts`: text, thought text, and function calls (whole, Gemini never splits
 * one) with stable ids that carry their thought signature. Parts of other kinds (executable code, inline
 * data the model generated) are not carried by the canonical format and are skipped.
 * @see https://ai.google.dev/api/caching#Part
 */
export function readParts(parts: unknown, place: PartsPlace): ReadParts {
  let text = '';
  let reasoning = '';
  const calls: ChatToolCall[] = [];
  if (!Array.isArray(parts)) return { text, reasoning, calls };
  for (const p of parts as Part[]) {
    if (typeof p !== 'object' || p === null) continue;
    const fc = p.functionCall;
    if (typeof fc === 'object' && fc !== null) {
      const name = typeof fc.name === 'string' ? fc.name : 'unknown';
      const id = geminiToolCallId(
        { responseId: place.responseId, candidate: place.candidate, ordinal: place.callsBefore + calls.length, name },
        typeof fc.id === 'string' ? fc.id : undefined,
        typeof p.thoughtSignature === 'string' ? p.thoughtSignature : undefined,
      );
      calls.push({ id, type: 'function', function: { name, arguments: JSON.stringify(fc.args ?? {}) } });
    } else if (typeof p.text === 'string') {
      if (p.thought === true) reasoning += p.text;
      else text += p.text;
    }
  }
  return { text, reasoning, calls };
}
