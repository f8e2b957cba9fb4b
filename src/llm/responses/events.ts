import type { ChatChunk, ChatFinishReason, ChatUsage } from '../canonical/chat.js';
import { responseId, responseObject, type OutputItem } from './reply.js';

type Open = { readonly kind: 'message'; readonly index: number; readonly id: string; text: string } | { readonly kind: 'call'; readonly index: number; readonly id: string; readonly callId: string; readonly name: string; readonly call: number; args: string };

/**
 * Chat Completions chunks re-encoded as a Responses stream: `response.created` and `response.in_progress`
 * first; text as a message item (`output_item.added`, `content_part.added`, `output_text.delta`s, then the
 * `.done` events); each tool call as a `function_call` item with `function_call_arguments.delta`s; at the end,
 * `response.completed` with every item and the usage (what Codex waits for). Every event has its
 * `sequence_number`.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export class ResponsesEventEncoder {
  readonly #model: string;
  #seq = 0;
  #id = '';
  #created = 0;
  #open: Open | undefined;
  readonly #done: OutputItem[] = [];
  #finish: ChatFinishReason | null = null;
  #usage: ChatUsage | undefined;

  constructor(model: string) {
    this.#model = model;
  }

  #event(type: string, fields: Record<string, unknown>): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: this.#seq++, ...fields })}\n\n`;
  }

  #response(finish: ChatFinishReason | null | 'in_progress'): Record<string, unknown> {
    return responseObject({ id: this.#id, model: this.#model, createdAt: this.#created, output: this.#done, finish, usage: this.#usage });
  }

  #start(c: ChatChunk): string {
    this.#id = responseId(c.id);
    this.#created = c.created;
    const r = this.#response('in_progress');
    return this.#event('response.created', { response: r }) + this.#event('response.in_progress', { response: r });
  }

  #close(): string {
    const o = this.#open;
    if (o === undefined) return '';
    this.#open = undefined;
    if (o.kind === 'message') {
      const part = { type: 'output_text' as const, text: o.text, annotations: [] as never[] };
      const item: OutputItem = { type: 'message', id: o.id, role: 'assistant', status: 'completed', content: [part] };
      this.#done.push(item);
      return (
        this.#event('response.output_text.done', { item_id: o.id, output_index: o.index, content_index: 0, text: o.text }) +
        this.#event('response.content_part.done', { item_id: o.id, output_index: o.index, content_index: 0, part }) +
        this.#event('response.output_item.done', { output_index: o.index, item })
      );
    }
    const item: OutputItem = { type: 'function_call', id: o.id, call_id: o.callId, name: o.name, arguments: o.args, status: 'completed' };
    this.#done.push(item);
    return this.#event('response.function_call_arguments.done', { item_id: o.id, output_index: o.index, arguments: o.args }) + this.#event('response.output_item.done', { output_index: o.index, item });
  }

  push(chunks: readonly ChatChunk[]): string {
    let out = '';
    for (const c of chunks) {
      if (this.#id === '') out += this.#start(c);
      if (c.usage !== undefined && c.usage !== null) this.#usage = c.usage;
      const ch = c.choices.find((x) => x.index === 0);
      if (ch === undefined) continue;
      const d = ch.delta;
      if (typeof d.content === 'string' && d.content !== '') {
        if (this.#open?.kind !== 'message') {
          out += this.#close();
          const index = this.#done.length;
          const id = `msg_${this.#id}_${index}`;
          this.#open = { kind: 'message', index, id, text: '' };
          out += this.#event('response.output_item.added', { output_index: index, item: { type: 'message', id, role: 'assistant', status: 'in_progress', content: [] } });
          out += this.#event('response.content_part.added', { item_id: id, output_index: index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
        }
        const o = this.#open as Open & { kind: 'message' };
        o.text += d.content;
        out += this.#event('response.output_text.delta', { item_id: o.id, output_index: o.index, content_index: 0, delta: d.content });
      }
      for (const t of d.tool_calls ?? []) {
        if (this.#open?.kind !== 'call' || this.#open.call !== t.index) {
          out += this.#close();
          const index = this.#done.length;
          const callId = t.id ?? `call_${index}`;
          const o: Open = { kind: 'call', index, id: `fc_${callId}`, callId, name: t.function?.name ?? 'unknown', call: t.index, args: '' };
          this.#open = o;
          out += this.#event('response.output_item.added', { output_index: index, item: { type: 'function_call', id: o.id, call_id: callId, name: o.name, arguments: '', status: 'in_progress' } });
        }
        const o = this.#open as Open & { kind: 'call' };
        const args = t.function?.arguments;
        if (typeof args === 'string' && args !== '') {
          o.args += args;
          out += this.#event('response.function_call_arguments.delta', { item_id: o.id, output_index: o.index, delta: args });
        }
      }
      if (ch.finish_reason !== null && ch.finish_reason !== undefined) this.#finish = ch.finish_reason;
    }
    return out;
  }

  /** The stream ended: the open item closes, then `response.completed` (or `response.incomplete`). */
  end(): string {
    if (this.#id === '') return '';
    const out = this.#close();
    const r = this.#response(this.#finish ?? 'stop');
    return out + this.#event(r['status'] === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: r });
  }
}
