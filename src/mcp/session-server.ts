import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { RootsListChangedNotificationSchema, SetLevelRequestSchema, type ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { forwardedCapabilities, installForwardHandlers } from './forward-handlers.js';
import type { Principal } from './principal.js';
import { installToolHandlers, type HandlerDeps, type SessionContext } from './tool-handlers.js';

const SERVER_INFO = { name: 'rampart', version: '0.1.0' };

/**
 * The SDK `Server` of one downstream session (Streamable HTTP, legacy SSE or a local stdio wrap) with every
 * handler the gateway serves: tools (access control, engine, audit), `logging/setLevel` (kept per session: the
 * gateway filters upstream logs for each client), and on `/mcp/<server>` that server's resources, prompts
 * and completions.
 */
export function createSessionServer(opts: { id: () => string; view: string; principal: Principal; deps: HandlerDeps }): { server: Server; context: SessionContext } {
  const forwarded = forwardedCapabilities(opts.deps, opts.view);
  const server = new Server(SERVER_INFO, { capabilities: { tools: { listChanged: true }, logging: {}, ...forwarded } });
  const context: SessionContext = {
    id: opts.id,
    view: opts.view,
    principal: opts.principal,
    agent: () => server.getClientVersion()?.name,
    logging: { level: undefined },
    clientCapabilities: () => server.getClientCapabilities(),
    notify: (n: ServerNotification) => server.notification(n),
  };
  installToolHandlers(server, context, opts.deps);
  server.setRequestHandler(SetLevelRequestSchema, (req) => {
    context.logging.level = req.params.level;
    return {};
  });
  installForwardHandlers(server, context, opts.deps, forwarded);
  // Shared upstream connections ask for roots during calls (and get the caller's); only a connection
  // dedicated to this session (`mcp wrap`) has a reason to be told they changed.
  server.setNotificationHandler(RootsListChangedNotificationSchema, () => opts.deps.registry.rootsChanged(opts.id()));
  return { server, context };
}
