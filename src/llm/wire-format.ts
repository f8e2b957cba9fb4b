/** The model APIs the gateway speaks on either side: Anthropic Messages and OpenAI Chat Completions. */
export const WIRE_FORMATS = ['anthropic', 'openai'] as const;
export type WireFormat = (typeof WIRE_FORMATS)[number];
