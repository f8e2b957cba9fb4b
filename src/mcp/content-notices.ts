import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { exposedUri } from './exposed-uri.js';
import type { Registry } from './registry.js';
import type { ContentChange, UpstreamNotification } from './upstream.js';

const PROMPTS: ServerNotification = Object.freeze({ method: 'notifications/prompts/list_changed' });
const RESOURCES: ServerNotification = Object.freeze({ method: 'notifications/resources/list_changed' });

/**
 * What a session on `view` is told when `server`'s prompts or resources changed (and were scanned again):
 * the list changes of the views drawing from that server, `/mcp` included, re-aggregated by the registry.
 */
export function contentNotices(registry: Registry, view: string, server: string, change: ContentChange): readonly ServerNotification[] {
  const concerned = registry.isMultiServer(view) ? registry.contentView(view).servers.has(server) : view === server;
  if (!concerned) return [];
  switch (change) {
    case 'prompts':
      return [PROMPTS];
    case 'resources':
      return [RESOURCES];
    case 'all':
      return [PROMPTS, RESOURCES];
  }
}

/** A resource update as a subscriber on `view` knows the resource: its `rampart://` URI on multi-server views. */
export function updateNotice(registry: Registry, view: string, server: string, n: UpstreamNotification): UpstreamNotification {
  return registry.isMultiServer(view) ? { ...n, params: { ...n.params, uri: exposedUri(server, n.params.uri) } } : n;
}
