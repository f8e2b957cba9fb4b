import { Agent, request, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { currentCallHeaders } from './credentials.js';
import { SseReader } from './sse-reader.js';

/** Most bytes of one JSON response read from an upstream. */
const MAX_RESPONSE = 16 * 1024 * 1024;

function isRequest(m: JSONRPCMessage): m is JSONRPCMessage & { id: string | number; method: string } {
  return 'method' in m && 'id' in m;
}

/**
 * An MCP Streamable HTTP client transport (spec 2025-03-26+) over `node:http` with one keep-alive agent per
 * upstream, for the SDK `Client`. The SDK's own transport goes through `fetch` and web streams, which cost
 * more per call than the whole gateway hot path (measured in bench/mcp.mjs); this one speaks the same wire:
 * POST each message, read a JSON or SSE answer, keep `Mcp-Session-Id` and `Mcp-Protocol-Version`, and hold
 * one GET stream for server notifications such as `tools/list_changed`.
 */
export class NodeHttpClientTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  sessionId?: string | undefined;
  readonly #url: URL;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #agent: Agent;
  readonly #request: typeof request;
  #protocolVersion: string | undefined;
  #closed = false;
  #listening: IncomingMessage | undefined;

  constructor(url: URL, headers: Readonly<Record<string, string>> = {}) {
    this.#url = url;
    this.#headers = headers;
    const https = url.protocol === 'https:';
    this.#agent = https ? new HttpsAgent({ keepAlive: true, maxSockets: 256, noDelay: true }) : new Agent({ keepAlive: true, maxSockets: 256, noDelay: true });
    this.#request = https ? httpsRequest : request;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  setProtocolVersion(version: string): void {
    this.#protocolVersion = version;
  }

  #baseHeaders(): Record<string, string> {
    const h: Record<string, string> = { ...this.#headers };
    if (this.sessionId !== undefined) h['mcp-session-id'] = this.sessionId;
    if (this.#protocolVersion !== undefined) h['mcp-protocol-version'] = this.#protocolVersion;
    return h;
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('transport closed'));
    const body = JSON.stringify(message);
    const headers = { ...this.#baseHeaders(), ...currentCallHeaders(), 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-length': String(Buffer.byteLength(body)) };
    return new Promise((resolve, reject) => {
      const req = this.#request(this.#url, { method: 'POST', agent: this.#agent, headers }, (res) => {
        const sid = res.headers['mcp-session-id'];
        if (typeof sid === 'string') this.sessionId = sid;
        resolve();
        this.#read(res, message);
        if ('method' in message && message.method === 'notifications/initialized') this.#listen();
      });
      req.on('error', (e) => {
        reject(e);
        this.onerror?.(e);
        // The server is gone (restarted, crashed): the connection is lost, and the owner reconnects.
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ECONNREFUSED' || code === 'ECONNRESET') this.#lost();
      });
      req.end(body);
    });
  }

  /** Reads one POST's answer: nothing (202), JSON, or an SSE stream of messages. */
  #read(res: IncomingMessage, sent: JSONRPCMessage): void {
    const status = res.statusCode ?? 0;
    if (status === 404 && this.sessionId !== undefined) {
      // Spec: 404 for a session id means the session ended; the client must start a new one.
      res.resume();
      this.#fail(sent, 'HTTP 404 (session expired)');
      this.#lost();
      return;
    }
    const type = res.headers['content-type'] ?? '';
    res.setEncoding('utf8');
    if (type.startsWith('text/event-stream')) {
      const reader = new SseReader((data) => this.#deliver(data));
      res.on('data', (chunk: string) => {
        if (!reader.push(chunk)) res.destroy(new Error('SSE event too large'));
      });
      res.on('error', (e) => this.onerror?.(e));
      return;
    }
    let text = '';
    res.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > MAX_RESPONSE) res.destroy(new Error('response too large'));
    });
    res.on('error', (e) => this.#fail(sent, e.message));
    res.on('end', () => {
      if (status === 202 || text === '') {
        if (status >= 400) this.#fail(sent, `HTTP ${status}`);
        return;
      }
      if (!this.#deliver(text) && status >= 400) this.#fail(sent, `HTTP ${status}`);
    });
  }

  /** Parses and hands over one JSON message or batch; false when it was not JSON-RPC. */
  #deliver(text: string): boolean {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.onerror?.(new Error('upstream sent invalid JSON'));
      return false;
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    let ok = false;
    for (const m of list) {
      if (typeof m === 'object' && m !== null && (m as { jsonrpc?: unknown }).jsonrpc === '2.0') {
        ok = true;
        this.onmessage?.(m as JSONRPCMessage);
      }
    }
    return ok;
  }

  /** Answers a request that got no JSON-RPC reply, so the caller fails now instead of at its timeout. */
  #fail(sent: JSONRPCMessage, why: string): void {
    if (!isRequest(sent)) {
      this.onerror?.(new Error(`upstream refused a notification: ${why}`));
      return;
    }
    this.onmessage?.({ jsonrpc: '2.0', id: sent.id, error: { code: -32603, message: `upstream answered ${why}` } });
  }

  /** Opens the GET stream for server-initiated messages; a 405 means the server offers none. */
  #listen(): void {
    if (this.#closed || this.#listening !== undefined) return;
    const req = this.#request(this.#url, { method: 'GET', agent: this.#agent, headers: { ...this.#baseHeaders(), accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return;
      }
      this.#listening = res;
      const reader = new SseReader((data) => this.#deliver(data));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (!reader.push(chunk)) res.destroy();
      });
      res.on('close', () => {
        this.#listening = undefined;
      });
    });
    req.on('error', () => undefined);
    req.end();
  }

  /** Ends this transport after the server lost the session or went away; `onclose` tells the owner. */
  #lost(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#listening?.destroy();
    this.#agent.destroy();
    this.onclose?.();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listening?.destroy();
    const sid = this.sessionId;
    if (sid !== undefined) {
      // Tell the server the session is over (spec: DELETE with the session id); best effort.
      await new Promise<void>((resolve) => {
        const req = this.#request(this.#url, { method: 'DELETE', agent: this.#agent, headers: this.#baseHeaders(), timeout: 1000 }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', () => resolve());
        req.on('timeout', () => {
          req.destroy();
          resolve();
        });
        req.end();
      });
    }
    this.#agent.destroy();
    this.onclose?.();
  }
}
