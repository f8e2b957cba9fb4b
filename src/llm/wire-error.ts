import { ERROR_CODES, type ErrorCode } from '../core/index.js';
import type { WireFormat } from './wire-format.js';

/** An error as the caller's API would send it: status and JSON body. */
export interface WireError {
  readonly status: number;
  readonly body: string;
}

/**
 * Renders a code of the one error table in the caller's format: Anthropic `{type:"error",error:{type,message}}`,
 * OpenAI `{error:{message,type,param,code}}`. `openaiCode` is OpenAI's finer `code` (`model_not_found`).
 * @see https://docs.anthropic.com/en/api/errors
 */
export function wireError(format: WireFormat, code: ErrorCode, message: string, openaiCode?: string): WireError {
  const row = ERROR_CODES[code];
  switch (format) {
    case 'anthropic':
      return { status: row.http, body: JSON.stringify({ type: 'error', error: { type: row.anthropic, message } }) };
    case 'openai':
      return { status: row.http, body: JSON.stringify({ error: { message, type: row.openai, param: null, code: openaiCode ?? code.toLowerCase() } }) };
  }
}

/**
 * The error event that ends a stream already under way: Anthropic's `event: error`, OpenAI's data chunk
 * holding `error` (both SDKs raise it as an API error).
 */
export function wireErrorFrame(format: WireFormat, code: ErrorCode, message: string): string {
  return format === 'anthropic' ? `event: error\ndata: ${wireError(format, code, message).body}\n\n` : `data: ${wireError(format, code, message).body}\n\n`;
}
