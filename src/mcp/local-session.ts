import { randomUUID } from 'node:crypto';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallRoute } from './call-route.js';
import type { Principal } from './principal.js';
import type { Registry } from './registry.js';
import { releaseSubscriptions } from './forward-handlers.js';
import { createSessionServer } from './session-server.js';
import { contentNotices } from './content-notices.js';
import type { HandlerDeps } from './tool-handlers.js';
import { installLocalFastPath } from './local-fast-path.js';

/**
 * Serves one MCP session over any SDK transport (stdio for `rampart mcp wrap`): the same tool handlers,
 * engine, access rules and audit as `/mcp/<view>`, with the session id made here. The view's upstream is
 * this session's alone (the wrap spawned it for this one client), so it is dedicated to it: its roots
 * requests, sampling and logs outside any call come here too. Resolves with a function that ends the session.
 */
export async function serveLocalSession(opts: {
  transport: Transport;
  view: string;
  principal: Principal;
  registry: Registry;
  deps: HandlerDeps;
}): Promise<{ readonly sessionId: string; close(): Promise<void> }> {
  const sessionId = `local-${randomUUID()}`;
  const { server, context } = createSessionServer({ id: () => sessionId, view: opts.view, principal: opts.principal, deps: opts.deps });
  const unsubscribe = opts.registry.onChange(() => {
    void server.sendToolListChanged().catch(() => undefined);
  });
  const uncontent = opts.registry.onContentChange((s, change) => {
    for (const n of contentNotices(opts.registry, opts.view, s, change)) void context.notify(n).catch(() => undefined);
  });
  const route: CallRoute = {
    sessionId,
    request: (req, schema, signal) => server.request(req, schema, { signal }),
    notify: (n) => server.notification(n),
    logLevel: () => context.logging.level,
    clientCapabilities: () => server.getClientCapabilities(),
  };
  server.oninitialized = () => opts.registry.upstreams.get(opts.view)?.dedicate(route);
  await server.connect(opts.transport);
  const streams = (): boolean => {
    const caps = server.getClientCapabilities();
    return caps?.sampling !== undefined || caps?.elicitation !== undefined || context.logging.level !== undefined || (caps?.roots !== undefined && opts.registry.wantsRoots(opts.view));
  };
  installLocalFastPath({ transport: opts.transport, context, deps: opts.deps, streams });
  return {
    sessionId,
    async close() {
      unsubscribe();
      opts.registry.upstreams.get(opts.view)?.dedicate(undefined);
      uncontent();
      releaseSubscriptions(opts.deps, context);
      await server.close();
    },
  };
}
