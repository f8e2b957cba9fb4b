import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The SDK fixture server (test/fixtures/mcp/fixture-server.mjs). */
export const FIXTURE_SERVER = fileURLToPath(new URL('../fixtures/mcp/fixture-server.mjs', import.meta.url));
/** The official "everything" reference server. */
export const EVERYTHING = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url));
/** The official filesystem reference server. */
export const FILESYSTEM = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js', import.meta.url));

/** A free TCP port on loopback (for servers that only take a port number). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

/** Spawns a node script that listens on HTTP and resolves once `ready` appears in its output. */
export async function spawnHttpServer(opts: { script: string; args: readonly string[]; env?: Record<string, string>; ready: RegExp }): Promise<ChildProcess> {
  const child = spawn(process.execPath, [opts.script, ...opts.args], { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${seen}`)), 20_000);
    const on = (b: Buffer): void => {
      seen += b.toString('utf8');
      if (opts.ready.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.once('exit', (code) => reject(new Error(`server exited with ${String(code)}: ${seen}`)));
  });
  return child;
}
