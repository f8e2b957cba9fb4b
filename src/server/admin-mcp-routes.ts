import type { FastifyInstance } from 'fastify';
import { McpServerSchema, SERVER_NAME, type McpServerConfig } from '../config/schema.js';
import { GatewayError } from '../core/index.js';
import type { Registry } from '../mcp/registry.js';
import type { Store } from '../store/store.js';

/** Lines of a server's log shown by `GET /mcp/servers/:name`. */
const STDERR_LINES = 50;

// Static headers that carry a secret belong in the vault (`credential:`), not in a stored server entry.
const SECRET_HEADER = /authorization|cookie|token|secret|api[-_]?key|password/i;

/** Validates a server entry sent to the admin API: the configuration's own shape, remote transports only. */
function parseServer(body: unknown): McpServerConfig {
  const parsed = McpServerSchema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new GatewayError('INVALID_PARAMS', first === undefined ? 'invalid server entry' : `${first.path.join('.') || '(body)'}: ${first.message}`);
  }
  const t = parsed.data.transport;
  // A command from the network would let an admin token run programs on the gateway's host: stdio servers
  // come from the configuration file only, written by whoever runs the host.
  if (t.type === 'stdio') throw new GatewayError('INVALID_PARAMS', 'transport.type: stdio servers are configured in the configuration file, not through the API');
  const secret = Object.keys(t.headers).find((h) => SECRET_HEADER.test(h));
  if (secret !== undefined) throw new GatewayError('INVALID_PARAMS', `transport.headers.${secret}: store credentials in the vault (PUT /admin/v1/credentials/:server) and set credential: {inject: header}`);
  return parsed.data;
}

/** What the API shows of a server: never its headers (they may be sensitive even when not secret). */
function describe(registry: Registry, name: string, entry: { config: McpServerConfig; source: string }) {
  const u = registry.upstreams.get(name);
  const t = entry.config.transport;
  return {
    name,
    source: entry.source,
    approved: entry.config.approved,
    transport: t.type === 'stdio' ? { type: t.type, command: t.command } : { type: t.type, url: t.url },
    credential: entry.config.credential?.inject,
    state: u?.state ?? 'off',
    tools: u?.tools.length ?? 0,
    restarts: u?.restarts ?? 0,
  };
}

/**
 * MCP registry routes of the admin API (inside the admin scope, so already guarded): servers from the
 * configuration file and from the API, remote servers registered, replaced and removed at runtime (stored,
 * so they come back after a restart), the tools held back, and re-approval of a changed tool.
 */
export function adminMcpRoutes(scope: FastifyInstance, deps: { registry: Registry; store: Store; now: () => number }): void {
  const { registry, store } = deps;

  scope.get('/mcp/servers', async () => ({ servers: [...registry.servers()].map(([name, e]) => describe(registry, name, e)) }));

  // One server in detail: what it holds back and the end of its log (stderr of a stdio server, failed
  // connects, logs that belonged to no call), to see why it is failing or hiding something.
  scope.get<{ Params: { name: string } }>('/mcp/servers/:name', async (req) => {
    const name = req.params.name;
    const entry = registry.servers().get(name);
    if (entry === undefined) throw new GatewayError('NOT_FOUND', `no MCP server named "${name}"`);
    return {
      ...describe(registry, name, entry),
      hidden: registry.hidden().filter((h) => h.server === name),
      stderr: registry.upstreams.get(name)?.stderr.lines().slice(-STDERR_LINES) ?? [],
    };
  });

  scope.put<{ Params: { name: string } }>('/mcp/servers/:name', async (req) => {
    const name = req.params.name;
    if (!SERVER_NAME.test(name)) throw new GatewayError('INVALID_PARAMS', `server name "${name}" must match ${SERVER_NAME.source}`);
    const config = parseServer(req.body);
    if (registry.servers().get(name)?.source === 'config') throw new GatewayError('CONFLICT', `server "${name}" is defined in the configuration file; change it there`);
    await store.putMcpServer({ name, config: JSON.stringify(req.body), updatedAt: deps.now(), updatedBy: req.principal?.user ?? 'admin' });
    if ((await registry.addServer(name, config)) === 'configured') throw new GatewayError('CONFLICT', `server "${name}" is defined in the configuration file`);
    const entry = registry.servers().get(name);
    return entry === undefined ? { name } : describe(registry, name, entry);
  });

  scope.delete<{ Params: { name: string } }>('/mcp/servers/:name', async (req, reply) => {
    const name = req.params.name;
    switch (await registry.removeServer(name)) {
      case 'unknown':
        throw new GatewayError('NOT_FOUND', `no MCP server named "${name}"`);
      case 'configured':
        throw new GatewayError('CONFLICT', `server "${name}" is defined in the configuration file; remove it there`);
      case undefined:
        await store.deleteMcpServer(name);
        return reply.code(204).send();
    }
  });

  scope.get('/mcp/hidden', async () => ({ hidden: registry.hidden() }));

  scope.post<{ Body: { server?: unknown; tool?: unknown } }>('/mcp/approve', async (req) => {
    const body = (req.body ?? {}) as { server?: unknown; tool?: unknown };
    if (typeof body.server !== 'string' || typeof body.tool !== 'string') throw new GatewayError('INVALID_PARAMS', 'body: { "server": string, "tool": string }');
    if (!registry.approve(body.server, body.tool, req.principal?.user ?? 'admin')) throw new GatewayError('NOT_FOUND', `no held-back tool ${body.server}/${body.tool} to approve`);
    return { approved: `${body.server}/${body.tool}` };
  });
}
