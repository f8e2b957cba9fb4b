import { isAbsolute, relative, resolve } from 'node:path';
import { finding, type Capability, type Finding, type ToolRef } from '../core/index.js';
import { shellCapabilities } from '../engine/detectors/shell-actions.js';
import { isSecretPath } from '../engine/detectors/shell.js';
import { asArgs, str, type Json } from './fields.js';
import { shadowServerFinding, type McpRegistry } from './registry.js';

/**
 * Turns an agent's tool (its own name and input) into the engine's terms: a `ToolRef`, the arguments, the
 * capability classes when Rampart knows the tool better than its name says, and findings about paths and MCP
 * servers. Each agent names its built-in tools differently (Claude Code `Bash`, Gemini CLI
 * `run_shell_command`, Copilot `bash`); they map to one canonical native name so that policies can say
 * `event.tool == "Bash"` once.
 */

/** The server name of an agent's built-in tools. */
export const NATIVE = 'native';

type Family = 'shell' | 'read' | 'write' | 'web' | 'search' | 'subagent' | 'none';

const FAMILIES: ReadonlyMap<string, readonly [canonical: string, family: Family]> = new Map([
  ...names(['bash', 'run_shell_command', 'shell', 'powershell', 'run_in_terminal', 'runinterminal', 'local_shell', 'exec_command'], 'Bash', 'shell'),
  ...names(['read', 'view', 'read_file', 'readfile', 'read_many_files', 'notebookread'], 'Read', 'read'),
  ...names(['write', 'create', 'write_file', 'createfile'], 'Write', 'write'),
  ...names(['edit', 'multiedit', 'notebookedit', 'replace', 'str_replace_editor', 'strreplace', 'apply_patch', 'editfile', 'edit_file'], 'Edit', 'write'),
  ...names(['webfetch', 'web_fetch'], 'WebFetch', 'web'),
  ...names(['websearch', 'web_search', 'google_web_search'], 'WebSearch', 'web'),
  ...names(['grep', 'rg', 'search_file_content'], 'Grep', 'search'),
  ...names(['glob', 'ls', 'list_directory'], 'Glob', 'search'),
  ...names(['task', 'agent'], 'Task', 'subagent'),
  ...names(['todowrite', 'update_todo', 'write_todos', 'askuserquestion', 'ask_user', 'exitplanmode', 'save_memory', 'skill'], '', 'none'),
]);

function names(list: readonly string[], canonical: string, family: Family): Array<[string, readonly [string, Family]]> {
  return list.map((n) => [n, [canonical, family]]);
}

const CAPS: Readonly<Record<Exclude<Family, 'shell' | 'none'>, readonly Capability[]>> = {
  // A file's content may come from anyone (a cloned repository, a download): private and untrusted.
  read: ['reads-private', 'reads-untrusted'],
  write: ['writes'],
  // Fetching a URL the model chose contacts that host: it sends out and brings in untrusted content.
  web: ['reads-untrusted', 'sends-out'],
  search: ['reads-private'],
  subagent: ['executes'],
};
const NO_CAPS: readonly Capability[] = Object.freeze([]);
const PATH_KEYS = ['file_path', 'path', 'absolute_path', 'notebook_path', 'filePath', 'target_file'] as const;
/** `mcp__<server>__<tool>` (Claude Code, Codex, Gemini CLI) or `MCP:<server>:<tool>` (Cursor). */
const MCP_NAME = /^mcp__(.+?)__(.+)$|^MCP:([^:]+):(.+)$/;

/** An agent's tool call, as much as its payload says. */
export interface AgentTool {
  readonly name: string;
  readonly input: unknown;
  readonly callId: string | undefined;
  /** The workspace: the payload's `cwd` (or Cursor's first workspace root). */
  readonly cwd: string | undefined;
  /** The MCP server when the payload names it apart from the tool (Cursor `url`/`command`, Gemini `mcp_context`). */
  readonly mcpServer?: { readonly name?: string | undefined; readonly url?: string | undefined; readonly command?: string | undefined } | undefined;
}

/** The engine's view of one tool call. `capabilities` is `undefined` when the engine should resolve them. */
export interface NormalizedTool {
  readonly tool: ToolRef;
  readonly args: Json;
  readonly capabilities: readonly Capability[] | undefined;
  readonly findings: readonly Finding[];
  readonly mcp: boolean;
}

function pathFindings(path: string, cwd: string | undefined, write: boolean): Finding[] {
  const out: Finding[] = [];
  if (isSecretPath(path.startsWith('/') || path.startsWith('~') ? path : `/${path}`)) {
    out.push(finding({
      detector: 'hook',
      kind: write ? 'file.secret-write' : 'file.secret-read',
      severity: write ? 'medium' : 'high',
      message: `${write ? 'writes' : 'reads'} a credential file`,
      arg: 'file_path',
      excerpt: path.length > 80 ? `…${path.slice(-79)}` : path,
    }));
  }
  if (cwd !== undefined && isAbsolute(cwd)) {
    const rel = relative(cwd, resolve(cwd, path));
    if (rel.startsWith('..') || isAbsolute(rel)) {
      out.push(finding({ detector: 'hook', kind: 'file.outside-workspace', severity: 'low', message: `${write ? 'writes' : 'reads'} a file outside the workspace`, arg: 'file_path' }));
    }
  }
  return out;
}

/** Maps an agent's tool call to the engine's terms; see the module comment. */
export function normalizeTool(t: AgentTool, registry: McpRegistry): NormalizedTool {
  const args = asArgs(t.input);
  const mcp = MCP_NAME.exec(t.name);
  if (mcp !== null || t.mcpServer !== undefined) {
    const server = t.mcpServer?.name ?? mcp?.[1] ?? mcp?.[3] ?? registry.nameFor(t.mcpServer) ?? 'mcp';
    const name = mcp?.[2] ?? mcp?.[4] ?? t.name;
    const shadow = shadowServerFinding(registry, { name: server, url: t.mcpServer?.url, command: t.mcpServer?.command });
    return { tool: { server, name, callId: t.callId }, args, capabilities: undefined, findings: shadow === undefined ? [] : [shadow], mcp: true };
  }
  const known = FAMILIES.get(t.name.toLowerCase());
  if (known === undefined) return { tool: { server: NATIVE, name: t.name, callId: t.callId }, args, capabilities: undefined, findings: [], mcp: false };
  const [canonical, family] = known;
  const tool = { server: NATIVE, name: canonical === '' ? t.name : canonical, callId: t.callId };
  switch (family) {
    case 'shell': {
      const command = str(args, 'command') ?? str(args, 'cmd') ?? '';
      return { tool, args, capabilities: shellCapabilities(command), findings: [], mcp: false };
    }
    case 'read':
    case 'write': {
      let path: string | undefined;
      for (const k of PATH_KEYS) path ??= str(args, k);
      return { tool, args, capabilities: CAPS[family], findings: path === undefined ? [] : pathFindings(path, t.cwd, family === 'write'), mcp: false };
    }
    case 'web':
    case 'search':
    case 'subagent':
      return { tool, args, capabilities: CAPS[family], findings: [], mcp: false };
    case 'none':
      return { tool, args, capabilities: NO_CAPS, findings: [], mcp: false };
  }
}
