import type { McpConfig } from '../config/schema.js';
import type { ToolPinRecord } from '../core/index.js';

/** Who approved a pin taken the first time a tool was seen (trust on first use). */
export const FIRST_USE = 'first-use';

/**
 * Approved tool pins, keyed `server/tool`. A pin in configuration is authoritative (the operator wrote it);
 * otherwise the stored one (a first sighting, or an admin's re-approval, kept across restarts); a tool with
 * neither is pinned the first time the gateway sees it, so a later change is caught until re-approved, even
 * one made while the gateway was down. Every pin taken or approved here is handed to `persist`.
 */
export class PinBook {
  readonly #pins = new Map<string, string>();
  readonly #configured = new Set<string>();
  readonly #persist: (pin: ToolPinRecord) => void;
  readonly #now: () => number;

  constructor(
    config: McpConfig,
    opts: { stored?: readonly ToolPinRecord[]; persist?: (pin: ToolPinRecord) => void; now?: () => number } = {},
  ) {
    this.#persist = opts.persist ?? (() => undefined);
    this.#now = opts.now ?? Date.now;
    for (const p of opts.stored ?? []) this.#pins.set(`${p.server}/${p.tool}`, p.pin);
    for (const [server, s] of Object.entries(config.servers)) {
      for (const [tool, t] of Object.entries(s.tools)) {
        if (t.pin === undefined) continue;
        this.#pins.set(`${server}/${tool}`, t.pin);
        this.#configured.add(`${server}/${tool}`);
      }
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
    this.#set(server, tool, pin, FIRST_USE);
    return pin;
  }

  /**
   * Re-approves a tool at its current definition. A configured pin is replaced for this process only (the
   * configuration still wins at the next start): say so to whoever approved it.
   */
  approve(server: string, tool: string, pin: string, by: string): { readonly persisted: boolean } {
    this.#set(server, tool, pin, by);
    return { persisted: !this.#configured.has(`${server}/${tool}`) };
  }

  #set(server: string, tool: string, pin: string, by: string): void {
    this.#pins.set(`${server}/${tool}`, pin);
    this.#persist({ server, tool, pin, approvedAt: this.#now(), approvedBy: by });
  }
}
