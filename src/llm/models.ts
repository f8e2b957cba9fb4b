import type { IncomingHttpHeaders } from 'node:http';
import type { RoutingTable } from './routing/routing-table.js';

/**
 * `GET /v1/models`: the configured model names, in Anthropic's list shape when the caller sends
 * `anthropic-version` (the Anthropic SDK always does), else OpenAI's.
 * @see https://docs.anthropic.com/en/api/models-list
 * @see https://platform.openai.com/docs/api-reference/models/list
 */
export function listModels(routing: RoutingTable, headers: IncomingHttpHeaders): Record<string, unknown> {
  const names = routing.names();
  if (headers['anthropic-version'] !== undefined) {
    const data = names.map((m) => ({ type: 'model', id: m.id, display_name: m.id, created_at: '1970-01-01T00:00:00Z' }));
    return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
  }
  return { object: 'list', data: names.map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: m.provider })) };
}
