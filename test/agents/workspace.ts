import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throw-away machine for one agent run: a fresh HOME, a project folder, a managed root. */
export interface Workspace {
  readonly root: string;
  readonly home: string;
  readonly project: string;
  /** Stands in for `/` for machine-wide settings. */
  readonly managedRoot: string;
  /** Writes a file under the project (or an absolute path), creating folders. */
  write(path: string, text: string): string;
  read(path: string): string;
  exists(path: string): boolean;
  cleanup(): void;
}

/** Creates a workspace and writes `files` (paths relative to the project) into it. */
export function createWorkspace(files: Readonly<Record<string, string>> = {}): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'rampart-agent-'));
  const abs = (p: string) => (p.startsWith('/') ? p : join(root, 'project', p));
  const ws: Workspace = {
    root,
    home: join(root, 'home'),
    project: join(root, 'project'),
    managedRoot: join(root, 'managed'),
    write(path, text) {
      const p = abs(path);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
      return p;
    },
    read: (path) => readFileSync(abs(path), 'utf8'),
    exists: (path) => existsSync(abs(path)),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const d of [ws.home, ws.project, ws.managedRoot]) mkdirSync(d, { recursive: true });
  for (const [p, t] of Object.entries(files)) ws.write(p, t);
  return ws;
}
