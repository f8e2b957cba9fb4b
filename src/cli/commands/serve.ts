import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../config/load.js';
import { createApp } from '../../server/app.js';
import { createRuntime } from '../../server/runtime.js';
import type { CliIO } from '../io.js';
import { parseCommandArgs } from './args.js';

const DEMO_CONFIG = fileURLToPath(new URL('../../../config/demo.yaml', import.meta.url));

/** `rampart serve`: runs the gateway until SIGINT/SIGTERM, then drains the store writer. */
export async function serve(args: string[], io: CliIO): Promise<number> {
  const p = parseCommandArgs(args, {
    config: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    data: { type: 'string' },
    demo: { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (!p.ok) {
    io.err(`rampart serve: ${p.message}\n`);
    return 2;
  }
  if (p.values.help === true) {
    io.out('usage: rampart serve [--config FILE] [--host H] [--port N] [--data DIR] [--demo]\n');
    return 0;
  }
  const port = p.values.port === undefined ? undefined : Number(p.values.port);
  const cfg = await loadConfig(p.values.config ?? (p.values.demo === true ? DEMO_CONFIG : undefined), {
    host: p.values.host,
    port,
    data: p.values.data,
  });
  if (!cfg.ok) {
    io.err(`rampart serve: invalid configuration\n${cfg.error}\n`);
    return 2;
  }
  const rt = await createRuntime(cfg.value);
  if (!rt.ok) {
    io.err(`rampart serve: cannot start\n${rt.error.join('\n')}\n`);
    return 2;
  }
  const app = createApp(rt.value);
  await app.listen({ host: cfg.value.server.host, port: cfg.value.server.port });
  const addr = app.server.address();
  const bound = typeof addr === 'object' && addr !== null ? addr.port : cfg.value.server.port;
  const base = `http://${cfg.value.server.host}:${bound}`;
  io.out(`listening on ${base}\n`);
  const servers = [...rt.value.registry.upstreams.keys()];
  io.out(`  mcp      ${base}/mcp (${servers.length} server${servers.length === 1 ? '' : 's'}${servers.length > 0 ? `: ${servers.join(', ')}` : ''}), ${base}/mcp/<name>, legacy SSE ${base}/mcp-sse\n`);
  io.out(`  health   GET  ${base}/healthz\n  events   POST ${base}/v1/events\n  hooks    POST ${base}/v1/hooks/<agent>  (coverage: GET ${base}/admin/v1/coverage)\n  store    ${cfg.value.data === ':memory:' ? 'in memory' : cfg.value.data}\n`);
  const id = cfg.value.identity;
  const mode = rt.value.identity.local ? 'local (loopback, no credential needed; API keys honoured)' : id.oidc === undefined ? 'API keys required' : `OIDC (${id.oidc.issuer}) or API keys`;
  io.out(`  identity ${mode}\n  admin    ${base}/admin/v1 (${id.adminToken === undefined && id.adminGroup === undefined ? 'disabled: set RAMPART_ADMIN_TOKEN' : 'token or admin group'})\n`);

  return await new Promise<number>((resolve) => {
    const stop = (): void => {
      void app
        .close()
        .then(() => rt.value.close())
        .then(() => resolve(0), () => resolve(1));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
