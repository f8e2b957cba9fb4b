import { finding, type Finding } from '../core/index.js';

/** One approved MCP server, as configured under `registry.servers`. */
export interface RegistryServer {
  readonly name: string;
  readonly url?: string | undefined;
  readonly command?: string | undefined;
}

/** What an agent tells us about the server behind an MCP tool. */
export interface ServerIdentity {
  readonly name?: string | undefined;
  readonly url?: string | undefined;
  readonly command?: string | undefined;
}

/**
 * The approved MCP servers (issue 4 grows this into the full registry). Built once from configuration.
 * With no servers configured there is nothing to compare against, so no tool is called a shadow.
 */
export class McpRegistry {
  readonly #byName = new Map<string, RegistryServer>();
  readonly #byUrl = new Map<string, RegistryServer>();
  readonly #byCommand = new Map<string, RegistryServer>();

  constructor(servers: readonly RegistryServer[]) {
    for (const s of servers) {
      this.#byName.set(s.name, s);
      if (s.url !== undefined) this.#byUrl.set(s.url, s);
      if (s.command !== undefined) this.#byCommand.set(s.command.trim(), s);
    }
  }

  get empty(): boolean {
    return this.#byName.size === 0;
  }

  /** The registered name for a server the agent identified only by URL or command. */
  nameFor(id: ServerIdentity | undefined): string | undefined {
    if (id === undefined) return undefined;
    return (id.url === undefined ? undefined : this.#byUrl.get(id.url)?.name) ?? (id.command === undefined ? undefined : this.#byCommand.get(id.command.trim())?.name);
  }

  /** True when the server is approved: by name, URL or command. */
  approves(id: ServerIdentity): boolean {
    return (id.name !== undefined && this.#byName.has(id.name)) || this.nameFor(id) !== undefined;
  }
}

/** A `mcp.shadow-server` finding when a registry exists and does not list the server. */
export function shadowServerFinding(registry: McpRegistry, id: ServerIdentity): Finding | undefined {
  if (registry.empty || registry.approves(id)) return undefined;
  const shown = id.name ?? id.url ?? id.command ?? 'unknown';
  return finding({
    detector: 'hook',
    kind: 'mcp.shadow-server',
    severity: 'high',
    message: `tool from MCP server "${shown.length > 60 ? `${shown.slice(0, 59)}…` : shown}", which is not in the registry`,
  });
}
