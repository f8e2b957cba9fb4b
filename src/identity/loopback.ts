import { isIP } from 'node:net';

/**
 * Whether a bind address only accepts connections from this machine: `localhost`, 127.0.0.0/8, `::1`, and
 * IPv4-mapped loopback. `0.0.0.0`, `::` and every other address are reachable from the network.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (h.toLowerCase() === 'localhost') return true;
  switch (isIP(h)) {
    case 4:
      return h.startsWith('127.');
    case 6: {
      const lower = h.toLowerCase();
      return lower === '::1' || lower === '0:0:0:0:0:0:0:1' || lower.startsWith('::ffff:127.');
    }
    default:
      return false;
  }
}
