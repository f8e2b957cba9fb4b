import type { Prompt, Resource, ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import type { McpConfig } from '../config/schema.js';
import { exposedUri } from './exposed-uri.js';
import { assignNames, prefixedName } from './names.js';
import type { ServerContent } from './server-content.js';

/** One prompt as a view exposes it: prefixed on `/mcp`, unprefixed on a virtual server. */
export interface ExposedPrompt {
  readonly exposed: string;
  readonly server: string;
  readonly prompt: Prompt;
}

/** A resource or template with its server, and the URI the view shows (`rampart://<server>/<uri>`). */
export interface ExposedResource<R> {
  readonly server: string;
  readonly item: R;
  readonly exposed: string;
}

/**
 * The prompts, resources and templates of a view that draws from several servers (the aggregated `/mcp`, a
 * virtual server), built from the registry's scanned lists. Reads on a virtual server stay within what it
 * lists: a listed resource, or a URI one of its templates matches.
 */
export interface ContentView {
  readonly prompts: ReadonlyMap<string, ExposedPrompt>;
  readonly resources: readonly ExposedResource<Resource>[];
  readonly templates: readonly ExposedResource<ResourceTemplate>[];
  /** The servers it draws from (list changes on these are announced to its sessions). */
  readonly servers: ReadonlySet<string>;
  /** True when a read of `uri` on `server` stays within the view. */
  allows(server: string, uri: string): boolean;
}

type VirtualServer = McpConfig['virtualServers'][string];

/** `server/rest` split at the first `/` (config refs are validated to hold one). */
function splitRef(ref: string): { server: string; rest: string } {
  const slash = ref.indexOf('/');
  return { server: ref.slice(0, slash), rest: ref.slice(slash + 1) };
}

/** Builds the content view of `/mcp` (`virtual` undefined: every server) or of one virtual server. */
export function buildContentView(approved: ReadonlyMap<string, ServerContent>, virtual: VirtualServer | undefined): ContentView {
  const prompts: Array<{ server: string; prompt: Prompt }> = [];
  const resources: ExposedResource<Resource>[] = [];
  const templates: ExposedResource<ResourceTemplate>[] = [];
  const servers = new Set<string>();
  const addResource = (server: string, r: Resource): void => {
    resources.push({ server, item: r, exposed: exposedUri(server, r.uri) });
  };
  const addTemplate = (server: string, t: ResourceTemplate): void => {
    templates.push({ server, item: t, exposed: exposedUri(server, t.uriTemplate) });
  };
  if (virtual === undefined) {
    for (const [server, c] of approved) {
      servers.add(server);
      for (const prompt of c.prompts) prompts.push({ server, prompt });
      for (const r of c.resources) addResource(server, r);
      for (const t of c.templates) addTemplate(server, t);
    }
  } else {
    for (const { server, rest } of virtual.prompts.map(splitRef)) {
      servers.add(server);
      for (const prompt of approved.get(server)?.prompts ?? []) if (rest === '*' || prompt.name === rest) prompts.push({ server, prompt });
    }
    for (const { server, rest } of virtual.resources.map(splitRef)) {
      servers.add(server);
      const c = approved.get(server);
      for (const r of c?.resources ?? []) if (rest === '*' || r.uri === rest) addResource(server, r);
      for (const t of c?.templates ?? []) if (rest === '*' || t.uriTemplate === rest) addTemplate(server, t);
    }
  }
  const named = assignNames(prompts, (p) => (virtual === undefined ? prefixedName(p.server, p.prompt.name) : p.prompt.name), (p) => `${p.server}/${p.prompt.name}`);
  const exposedPrompts = new Map<string, ExposedPrompt>();
  for (const [exposed, p] of named) exposedPrompts.set(exposed, { exposed, server: p.server, prompt: p.prompt });
  // Reads: on `/mcp` any URI of an approved server (templates make URIs no list holds); on a virtual server,
  // a listed URI or one its templates match, or anything of a server it takes whole (`server/*`).
  const whole = new Set(virtual === undefined ? approved.keys() : virtual.resources.map(splitRef).filter((r) => r.rest === '*').map((r) => r.server));
  const listed = new Set(resources.map((r) => `${r.server}\n${r.item.uri}`));
  const matchers = templates.map((t) => ({ server: t.server, template: new UriTemplate(t.item.uriTemplate) }));
  return {
    prompts: exposedPrompts,
    resources,
    templates,
    servers,
    allows(server, uri) {
      if (whole.has(server) || listed.has(`${server}\n${uri}`)) return true;
      return matchers.some((m) => m.server === server && m.template.match(uri) !== null);
    },
  };
}
