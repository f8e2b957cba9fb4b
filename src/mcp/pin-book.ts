import type { McpConfig } from '../config/schema.js';

/**
 * Approved tool pins, keyed `server/tool`. Pins from configuration come first; a tool with none is pinned the
 * first time the gateway sees it (trust on first use), so a later change is caught until re-approved.
 */
export class PinBook {
  readonly #pins = new Map<string, string>();

  constructor(config: McpConfig) {
    for (const [server, s] of Object.entries(config.servers)) {
      for (const [tool, t] of Object.entries(s.tools)) if (t.pin !== undefined) this.#pins.set(`${server}/${tool}`, t.pin);
    }
  }

  /** The approved pin of a tool, if it has one. */
  get(server: string, tool: string): string | undefined {
    return this.#pins.get(`${server}/${tool}`);
  }

  /** Pins a tool seen for the first time; keeps an existing pin. Returns the approved pin. */
  pinIfNew(server: string, tool: string, pin: string): string {
    const key = `${server}/${tool}`;
    const have = this.#pins.get(key);
    if (have !== undefined) return have;
    this.#pins.set(key, pin);
    return pin;
  }

  /** Re-approves a tool at its current definition. */
  approve(server: string, tool: string, pin: string): void {
    this.#pins.set(`${server}/${tool}`, pin);
  }
}
