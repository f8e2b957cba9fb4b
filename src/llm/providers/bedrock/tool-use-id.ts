import { createHash } from 'node:crypto';

const VALID = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * A tool call id as Bedrock accepts it (`[a-zA-Z0-9_-]{1,64}`). Ids from other providers mostly fit
 * (OpenAI `call_…`, Anthropic `toolu_…`); one that does not (a Gemini id carrying a thought signature) is
 * replaced by a hash of itself, the same for the call and for its result, so the pair still matches.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolUseBlock.html
 */
export function bedrockToolUseId(id: string): string {
  return VALID.test(id) ? id : `tooluse_${createHash('sha256').update(id).digest('base64url').slice(0, 32)}`;
}
