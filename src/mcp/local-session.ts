import { randomUUID } from 'node:crypto';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Principal } from './principal.js';
import type { Registry } from './registry.js';
import { releaseSubscriptions } from './forward-handlers.js';
import { createSessionServer } from './session-server.js';
import type { HandlerDeps } from './tool-handlers.js';

/**
 * Serves one MCP session over any SDK transport (stdio for `rampart mcp wrap`): the same tool handlers,
 * engine, access rules and audit as `/mcp/<view>`, with the session id made here. Resolves with a function
 * that ends the session.
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
  await server.connect(opts.transport);
  return {
    sessionId,
    async close() {
      unsubscribe();
      releaseSubscriptions(opts.deps, context);
      await server.close();
    },
  };
}
