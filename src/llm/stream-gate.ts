import type { SseFrame } from './sse-framer.js';

/**
 * A format's streaming gate: takes the provider's frames in order and returns the text to send the client now.
 * Text passes as it comes; a tool call is held until complete, then released or replaced.
 */
export interface StreamGate {
  frame(f: SseFrame): string;
  /** The upstream ended: what is still held is an incomplete tool call and is dropped, never released. */
  end(): string;
}

/** Parses a frame's data as a JSON object; undefined when it is not one. */
export function frameJson(f: SseFrame): Record<string, unknown> | undefined {
  const data = f.event?.data;
  if (data === undefined || data === '' || data.charCodeAt(0) !== 123 /* { */) return undefined;
  try {
    const v: unknown = JSON.parse(data);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
