/** One parsed SSE event: its `event:` name (if any) and its `data:` parsed as JSON. */
export interface SseEvent {
  readonly event: string | undefined;
  readonly data: Record<string, unknown>;
}

/** Parses a whole SSE body (tests only: the fakes' own output, already complete). */
export function parseSse(text: string): SseEvent[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((b) => b.trim() !== '')
    .map((block) => {
      let event: string | undefined;
      let data = '';
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

/** POSTs JSON and returns status, content type and text. */
export async function postJson(url: string, body: unknown): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}
