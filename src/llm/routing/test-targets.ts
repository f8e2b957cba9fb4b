import { createUpstream, type UpstreamTarget } from '../upstream.js';
import type { WireFormat } from '../wire-format.js';

/** Upstreams for unit tests: real pools to an address nothing is asked of (a pool connects on first request). */
export function testUpstreams(specs: Readonly<Record<string, WireFormat>>): Map<string, UpstreamTarget> {
  const m = new Map<string, UpstreamTarget>();
  for (const [id, format] of Object.entries(specs)) m.set(id, createUpstream(id, { format, baseUrl: 'http://127.0.0.1:9', timeoutMs: 1000, connections: 1 }, {}));
  return m;
}
