/**
 * Who subscribed to which upstream resource (`resources/subscribe`), reference-counted: the gateway holds one
 * upstream subscription per resource however many client sessions asked, subscribes upstream for the first
 * and unsubscribes after the last, and sends `notifications/resources/updated` only to those who asked.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/resources#subscriptions
 */
export class Subscriptions<S> {
  readonly #by = new Map<string, Set<S>>();

  static #key(server: string, uri: string): string {
    return `${server}\n${uri}`;
  }

  /** Adds a subscriber; true when it is the first for this resource (subscribe upstream). */
  add(server: string, uri: string, who: S): boolean {
    const key = Subscriptions.#key(server, uri);
    const set = this.#by.get(key);
    if (set !== undefined) {
      set.add(who);
      return false;
    }
    this.#by.set(key, new Set([who]));
    return true;
  }

  /** Removes a subscriber; true when it was the last one (unsubscribe upstream). */
  remove(server: string, uri: string, who: S): boolean {
    const key = Subscriptions.#key(server, uri);
    const set = this.#by.get(key);
    if (set === undefined || !set.delete(who)) return false;
    if (set.size > 0) return false;
    this.#by.delete(key);
    return true;
  }

  /** Removes a subscriber everywhere (its session ended); returns the resources left with no subscriber. */
  drop(who: S): Array<{ server: string; uri: string }> {
    const emptied: Array<{ server: string; uri: string }> = [];
    for (const [key, set] of this.#by) {
      if (!set.delete(who) || set.size > 0) continue;
      this.#by.delete(key);
      const nl = key.indexOf('\n');
      emptied.push({ server: key.slice(0, nl), uri: key.slice(nl + 1) });
    }
    return emptied;
  }

  /** Who subscribed to this resource. */
  subscribers(server: string, uri: string): ReadonlySet<S> {
    return this.#by.get(Subscriptions.#key(server, uri)) ?? new Set();
  }
}
