import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** A handler tried before the framework: true when it took the request. */
export type FirstHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Puts `first` ahead of Fastify's own request handler on the app's server, so the routes it takes (the model
 * endpoints) skip the framework; everything else reaches Fastify as before. `inject` does not go through the
 * server, so the framework's routes for the same paths stay registered and serve it.
 */
export function serveFirst(app: FastifyInstance, first: FirstHandler): void {
  const server = app.server;
  const framework = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (first(req, res)) return;
    for (const h of framework) h(req, res);
  });
}

/** The query string's parameters, for the request log (`sessionId`); undefined when there is none. */
export function queryOf(url: string): Record<string, string> | undefined {
  const q = url.indexOf('?');
  return q === -1 ? undefined : Object.fromEntries(new URLSearchParams(url.slice(q + 1)));
}
