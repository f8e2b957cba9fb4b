import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { err, ok, type Result } from '../core/index.js';
import { ConfigSchema, type Config } from './schema.js';

/** Overrides from the command line; they beat the file (defaults < file < env < flags). */
export interface ConfigFlags {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly data?: string | undefined;
}

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/**
 * Loads, validates and freezes the configuration. Issues name the file and the field path. Policy paths are
 * resolved against the config file's folder.
 */
export async function loadConfig(path: string | undefined, flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Promise<Result<Config, string>> {
  let raw: unknown = {};
  if (path !== undefined) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      return err(`${path}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    try {
      raw = parse(text) ?? {};
    } catch (e) {
      return err(`${path}: ${(e as Error).message}`);
    }
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${path ?? '(defaults)'}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    return err(lines.join('\n'));
  }
  const base = path === undefined ? process.cwd() : dirname(resolve(path));
  const c = parsed.data;
  const adminToken = env['RAMPART_ADMIN_TOKEN'] ?? c.identity.adminToken;
  if (adminToken !== undefined && adminToken.length < 16) return err('RAMPART_ADMIN_TOKEN: must be at least 16 characters');
  const port = flags.port ?? (env['RAMPART_PORT'] === undefined ? c.server.port : Number(env['RAMPART_PORT']));
  if (!Number.isInteger(port) || port < 0 || port > 65535) return err(`port: must be an integer from 0 to 65535, got ${String(port)}`);
  const config: Config = {
    ...c,
    server: { ...c.server, host: flags.host ?? env['RAMPART_HOST'] ?? c.server.host, port },
    data: flags.data ?? env['RAMPART_DATA'] ?? (c.data === ':memory:' ? c.data : resolve(base, c.data)),
    policies: c.policies.map((p) => resolve(base, p)),
    identity: { ...c.identity, adminToken },
    observability: { otlp: { ...c.observability.otlp, endpoint: c.observability.otlp.endpoint ?? otlpTracesEndpoint(env) } },
  };
  return ok(deepFreeze(config));
}

/** The OTLP/HTTP traces URL from the standard OpenTelemetry environment variables, if set. */
function otlpTracesEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  const traces = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  if (traces !== undefined && traces !== '') return traces;
  const base = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  // The base endpoint gets the signal's path appended (OTLP exporter specification).
  return base === undefined || base === '' ? undefined : `${base.replace(/\/+$/, '')}/v1/traces`;
}
