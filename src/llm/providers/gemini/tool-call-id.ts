import { createHash } from 'node:crypto';

/**
 * Gemini 3 rejects a conversation whose earlier function calls come back without the `thoughtSignature` it
 * attached to them, and the canonical (OpenAI) format has no field for it. The signature rides in the tool
 * call's id, after this separator, the convention LiteLLM uses, so an agent that echoes ids (every agent does)
 * echoes the signature too.
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures
 */
export const THOUGHT_SEPARATOR = '__thought__';

/** Where a function call sits in a reply: enough to give it an id that is the same every time it is decoded. */
export interface CallPlace {
  readonly responseId: string | undefined;
  readonly candidate: number;
  /** The call's position among the candidate's calls. */
  readonly ordinal: number;
  readonly name: string;
}

/**
 * The canonical id of a Gemini function call: Gemini's own `id` when it sent one, else a stable one derived
 * from the reply id and the call's place (the same reply decoded twice, streamed or not, gives the same ids),
 * then the thought signature if any.
 */
export function geminiToolCallId(place: CallPlace, ownId: string | undefined, signature: string | undefined): string {
  const base =
    ownId !== undefined && ownId !== ''
      ? ownId
      : `call_${createHash('sha256').update(`${place.responseId ?? ''}\n${place.candidate}\n${place.ordinal}\n${place.name}`).digest('base64url').slice(0, 24)}`;
  return signature === undefined || signature === '' ? base : `${base}${THOUGHT_SEPARATOR}${signature}`;
}

/** Splits a canonical id back into the id and the thought signature it carries. */
export function splitToolCallId(id: string): { readonly id: string; readonly signature: string | undefined } {
  const at = id.indexOf(THOUGHT_SEPARATOR);
  return at < 0 ? { id, signature: undefined } : { id: id.slice(0, at), signature: id.slice(at + THOUGHT_SEPARATOR.length) };
}
