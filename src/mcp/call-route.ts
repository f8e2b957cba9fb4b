import { AsyncLocalStorage } from 'node:async_hooks';
import type { ClientCapabilities, LoggingLevel, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';

/**
 * The way back to the downstream client on whose behalf the gateway is talking to an upstream: what an
 * upstream's `sampling/createMessage`, `elicitation/create`, `roots/list` or `notifications/message` needs to
 * reach the client session it belongs to (issue 4 §2), and never anyone else's.
 */
export interface CallRoute {
  /** The downstream session, for logs and errors. */
  readonly sessionId: string;
  /** Sends a request to the client, related to the request being served (it travels on that request's stream). */
  request<S extends z.ZodType>(req: ServerRequest, schema: S, signal: AbortSignal): Promise<z.infer<S>>;
  /** Sends a notification to the client, related to the request being served. */
  notify(n: ServerNotification): Promise<void>;
  /** The level the client asked for with `logging/setLevel` (`undefined`: it never asked; send everything). */
  readonly logLevel: () => LoggingLevel | undefined;
  /** What the client declared at `initialize` (roots: whether it can be asked for them). */
  readonly clientCapabilities: () => ClientCapabilities | undefined;
}

/** What a route needs to know of its downstream session. */
export interface RouteSession {
  readonly id: () => string;
  readonly logging: { readonly level: LoggingLevel | undefined };
  readonly clientCapabilities: () => ClientCapabilities | undefined;
}

/**
 * The route of the downstream request being served, carried through the upstream call's async context: an
 * upstream reached over HTTP answers on the response stream of our own request, so its messages are handled
 * in that request's context and find their route exactly (no guessing between concurrent sessions).
 */
const current = new AsyncLocalStorage<CallRoute>();

/** Runs `fn` (an upstream request made for one downstream request) with that request's route. */
export function withRoute<T>(route: CallRoute, fn: () => Promise<T>): Promise<T> {
  return current.run(route, fn);
}

/** The route of the downstream request whose upstream call is running, if any. */
export function currentRoute(): CallRoute | undefined {
  return current.getStore();
}

/** The MCP log levels, least severe first (RFC 5424 severities). */
const SEVERITY: Readonly<Record<LoggingLevel, number>> = { debug: 0, info: 1, notice: 2, warning: 3, error: 4, critical: 5, alert: 6, emergency: 7 };

/** True when a message at `level` passes a client's `logging/setLevel` threshold. */
export function passesLevel(level: LoggingLevel, threshold: LoggingLevel | undefined): boolean {
  return threshold === undefined || SEVERITY[level] >= SEVERITY[threshold];
}

/** What the SDK gives a request handler, as far as a route needs it. */
interface HandlerExtra {
  readonly signal: AbortSignal;
  sendRequest<S extends z.ZodType>(req: ServerRequest, schema: S, options?: { signal?: AbortSignal }): Promise<z.infer<S>>;
  sendNotification(n: ServerNotification): Promise<void>;
}

/** The route for the downstream request an SDK handler is serving. */
export function routeOf(session: RouteSession, extra: HandlerExtra): CallRoute {
  return {
    sessionId: session.id(),
    request: (req, schema, signal) => extra.sendRequest(req, schema, { signal: AbortSignal.any([signal, extra.signal]) }),
    notify: (n) => extra.sendNotification(n),
    logLevel: () => session.logging.level,
    clientCapabilities: session.clientCapabilities,
  };
}
