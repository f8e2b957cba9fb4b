import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Prompt, Resource, ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import type { ToolDefinition } from '../core/index.js';

/**
 * What an upstream offers besides tools: prompts, resources and resource templates, as last listed. The
 * registry scans these like tool definitions (issue 4 §6) before any client sees them, and serves them on
 * every view from here: the aggregated `/mcp` and virtual servers need the lists to map names and URIs back
 * to their server.
 */
export interface ServerContent {
  readonly prompts: readonly Prompt[];
  readonly resources: readonly Resource[];
  readonly templates: readonly ResourceTemplate[];
}

/** Nothing listed (not connected, or a server with neither prompts nor resources). */
export const NO_CONTENT: ServerContent = Object.freeze({ prompts: [], resources: [], templates: [] });

/** Pages fetched per list at most: a server that pages forever stops here (as for tools). */
const MAX_PAGES = 100;

/**
 * Entries kept per list and server. Each is scanned through the engine, whose catalog of definitions is
 * bounded (10,000 for every server together): a server listing every file it can read must not crowd out
 * the tools of the others. Past the cap, resources are not listed on the aggregated views (reads still go
 * through, and `/mcp/<server>` forwards the server's own paged list).
 */
export const MAX_ENTRIES = 500;

async function pages<T>(fetch: (cursor: string | undefined) => Promise<{ items: T[]; next: string | undefined }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES && out.length < MAX_ENTRIES; page++) {
    const r = await fetch(cursor);
    out.push(...r.items);
    cursor = r.next;
    if (cursor === undefined) break;
  }
  return out.length > MAX_ENTRIES ? out.slice(0, MAX_ENTRIES) : out;
}

const params = (cursor: string | undefined): { cursor?: string } => (cursor === undefined ? {} : { cursor });

/**
 * Lists what changed (`prompts`, `resources` with their templates, or `all`) and keeps the rest of
 * `previous`. A list the server declared but fails to give is empty, and the failure goes to `log`.
 */
export async function listContent(client: Client, change: 'prompts' | 'resources' | 'all', previous: ServerContent, log: (line: string) => void): Promise<ServerContent> {
  const caps = client.getServerCapabilities();
  const safe = async <T>(what: string, fn: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await fn();
    } catch (e) {
      log(`rampart: ${what} failed: ${e instanceof Error ? e.message : String(e)}\n`);
      return [];
    }
  };
  let { prompts, resources, templates } = previous;
  if (change !== 'resources') {
    prompts = caps?.prompts === undefined ? [] : await safe('prompts/list', () => pages(async (c) => {
      const r = await client.listPrompts(params(c));
      return { items: r.prompts, next: r.nextCursor };
    }));
  }
  if (change !== 'prompts') {
    const has = caps?.resources !== undefined;
    resources = !has ? [] : await safe('resources/list', () => pages(async (c) => {
      const r = await client.listResources(params(c));
      return { items: r.resources, next: r.nextCursor };
    }));
    templates = !has ? [] : await safe('resources/templates/list', () => pages(async (c) => {
      const r = await client.listResourceTemplates(params(c));
      return { items: r.resourceTemplates, next: r.nextCursor };
    }));
  }
  return { prompts, resources, templates };
}

/** The kinds of content entry, as the prefix of its key in findings, pins and the held-back list. */
export type ContentKind = 'prompt' | 'resource' | 'template';

/**
 * The key of one entry: `prompt:<name>`, `resource:<uri>`, `template:<uri template>`. It is the entry's
 * name in the engine's `tools.list` event (so detector findings name it), in the pin book (prompts are pinned
 * like tools) and in the registry's held-back list; the `:` keeps it apart from any tool's name.
 */
export function contentKey(kind: ContentKind, id: string): string {
  return `${kind}:${id}`;
}

function joined(...parts: ReadonlyArray<string | undefined>): string {
  return parts.filter((p): p is string => p !== undefined && p !== '').join('\n');
}

/**
 * A prompt as a tool definition for the engine's detectors and the pin: its title and description as the
 * description, its name and arguments (with their descriptions) as an input schema. Everything a model or
 * a user reads about a prompt is in the scanned text, and any change to it changes the pin.
 */
export function promptDefinition(server: string, p: Prompt): ToolDefinition {
  const properties: Record<string, { title: string; description: string | undefined }> = {};
  for (const a of p.arguments ?? []) properties[a.name] = { title: a.name, description: a.description };
  const required = (p.arguments ?? []).filter((a) => a.required === true).map((a) => a.name);
  return {
    server,
    name: contentKey('prompt', p.name),
    description: joined(p.title, p.description),
    inputSchema: { type: 'object', title: p.name, properties, required },
    annotations: undefined,
  };
}

/** A resource or a template as a tool definition: its name, title and description are what the detectors read. */
export function resourceDefinition(server: string, kind: 'resource' | 'template', r: Resource | ResourceTemplate): ToolDefinition {
  const id = 'uriTemplate' in r ? r.uriTemplate : r.uri;
  return {
    server,
    name: contentKey(kind, id),
    description: joined(r.name, r.title, r.description),
    inputSchema: { type: 'object', title: r.name, description: r.mimeType === undefined ? undefined : `mime type ${r.mimeType}` },
    annotations: undefined,
  };
}

/** Every entry of a server's content as a definition, in one list: prompts, then resources, then templates. */
export function contentDefinitions(server: string, c: ServerContent): ToolDefinition[] {
  return [
    ...c.prompts.map((p) => promptDefinition(server, p)),
    ...c.resources.map((r) => resourceDefinition(server, 'resource', r)),
    ...c.templates.map((t) => resourceDefinition(server, 'template', t)),
  ];
}
