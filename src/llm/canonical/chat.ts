/**
 * The canonical model request and reply that translation goes through: OpenAI Chat Completions, the format
 * every provider family can be mapped to and from (as LiteLLM and Portkey do). A request in the provider's own
 * format is never translated: it passes byte-exact. Only the fields translation reads or writes are typed;
 * the rest ride along in the index signature.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */

export interface ChatTextPart {
  readonly type: 'text';
  readonly text: string;
}
export interface ChatImagePart {
  readonly type: 'image_url';
  /** `data:<media>;base64,<data>` or an https URL. */
  readonly image_url: { readonly url: string; readonly detail?: string };
}
export type ChatContentPart = ChatTextPart | ChatImagePart;

export interface ChatToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: { readonly name: string; /** JSON text */ readonly arguments: string };
}

export type ChatMessage =
  | { readonly role: 'system' | 'developer'; readonly content: string | readonly ChatTextPart[] }
  | { readonly role: 'user'; readonly content: string | readonly ChatContentPart[] }
  | {
      readonly role: 'assistant';
      readonly content?: string | readonly ChatTextPart[] | null;
      readonly tool_calls?: readonly ChatToolCall[];
      /** Reasoning text some OpenAI-compatible servers return (DeepSeek, vLLM); not sent to OpenAI itself. */
      readonly reasoning_content?: string;
    }
  | { readonly role: 'tool'; readonly tool_call_id: string; readonly content: string | readonly ChatTextPart[] };

export interface ChatTool {
  readonly type: 'function';
  readonly function: { readonly name: string; readonly description?: string; readonly parameters?: Readonly<Record<string, unknown>> };
}

export type ChatToolChoice = 'none' | 'auto' | 'required' | { readonly type: 'function'; readonly function: { readonly name: string } };

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ChatTool[];
  readonly tool_choice?: ChatToolChoice;
  readonly max_tokens?: number;
  readonly max_completion_tokens?: number;
  readonly temperature?: number;
  readonly top_p?: number;
  readonly stop?: string | readonly string[];
  readonly stream?: boolean;
  readonly stream_options?: { readonly include_usage?: boolean };
  readonly response_format?: Readonly<Record<string, unknown>>;
  readonly user?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly [extra: string]: unknown;
}

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface ChatUsage {
  /** Includes cached tokens, as OpenAI reports it. */
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
  readonly prompt_tokens_details?: { readonly cached_tokens?: number };
  readonly completion_tokens_details?: { readonly reasoning_tokens?: number };
}

export interface ChatCompletion {
  readonly id: string;
  readonly object: 'chat.completion';
  readonly created: number;
  readonly model: string;
  readonly choices: readonly {
    readonly index: number;
    readonly message: { readonly role: 'assistant'; readonly content: string | null; readonly tool_calls?: readonly ChatToolCall[]; readonly reasoning_content?: string };
    readonly finish_reason: ChatFinishReason | null;
  }[];
  readonly usage?: ChatUsage;
}

/** One streamed delta. A tool call's `id` and `name` come in its first fragment; `arguments` arrive in pieces. */
export interface ChatChunk {
  readonly id: string;
  readonly object: 'chat.completion.chunk';
  readonly created: number;
  readonly model: string;
  readonly choices: readonly {
    readonly index: number;
    readonly delta: {
      readonly role?: 'assistant';
      readonly content?: string;
      readonly reasoning_content?: string;
      readonly tool_calls?: readonly { readonly index: number; readonly id?: string; readonly type?: 'function'; readonly function?: { readonly name?: string; readonly arguments?: string } }[];
    };
    readonly finish_reason: ChatFinishReason | null;
  }[];
  /** Only on the last chunk, and only when `stream_options.include_usage` asked (translation always asks). */
  readonly usage?: ChatUsage | null;
}

/** A provider's error reduced to what every caller format can carry. */
export interface ChatError {
  readonly status: number;
  /** OpenAI-style type: `invalid_request_error`, `authentication_error`, `rate_limit_error`, `api_error`... */
  readonly type: string;
  readonly message: string;
}

/** The HTTP request a codec builds for its provider. */
export interface ProviderRequest {
  /** Path and query after the provider's base path. */
  readonly path: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Turns provider stream bytes into canonical chunks; stateful, one per reply. Bounded: a frame over the limit is
 * an error. A decoder that meets an error (an error event, a broken frame, a stream ended mid-frame) returns the
 * chunks decoded before it and throws a ChatError-shaped failure on its next call, so none is lost; a `push` of
 * no bytes after `end()` is that next call for an error met at the end (`providers/failure-latch.ts`).
 */
export interface StreamDecoder {
  push(bytes: Uint8Array): readonly ChatChunk[];
  /** Flushes at end of stream; fails (as above) when the stream ended mid-frame or before the reply finished. */
  end(): readonly ChatChunk[];
}

/**
 * One provider family that is not spoken natively on the inbound side (Gemini, Bedrock Converse): how a
 * canonical request becomes its HTTP request, and how its replies, streams and errors come back canonical.
 * Pure functions and stateful decoders only: no I/O (signing, when the provider needs it, is applied by
 * the caller to the `ProviderRequest`).
 */
export interface ProviderCodec {
  readonly id: string;
  encodeRequest(req: ChatRequest, o: { readonly model: string; readonly stream: boolean }): ProviderRequest;
  decodeReply(body: unknown, model: string): ChatCompletion;
  streamDecoder(model: string): StreamDecoder;
  decodeError(status: number, body: string): ChatError;
}
