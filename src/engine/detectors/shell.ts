import { defineDetector, finding, STATELESS } from '../../core/index.js';
import type { Severity, ToolArgs } from '../../core/index.js';
import { clip, mask } from './redact.js';
import { eachMatch, FindingBag, MAX_FINDINGS } from './scan-targets.js';
import { findSecrets } from './secrets.js';
import { MAX_SCRIPT, parseShell } from './shell-parse.js';
import type { ShellCommand } from './shell-parse.js';

/** A shell command found in tool-call arguments, and the argument path it came from. */
export interface ShellCommandArg {
  readonly arg: string;
  readonly command: string;
}

/** A parsed simple command with its effective argv (wrappers removed). */
export interface Cmd extends ShellCommand {
  /** Words with leading assignments and wrappers (`sudo`, `env`, `timeout 5`) removed. */
  readonly argv: readonly string[];
  readonly name: string;
  /** For a `$(…)`, `<(…)` or backtick command: the name of the command it is an argument of. */
  readonly substOf: string | undefined;
}

const COMMAND_KEYS = ['command', 'cmd', 'script', 'code', 'commandLine', 'command_line', 'shell_command'] as const;
const SHELL_TOOL = /bash|shell|terminal|exec|run_?command|run_?cmd|powershell|console/i;
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'ash']);
const SHELL_C_FLAG = /^-[a-zA-Z]*c[a-zA-Z]*$/;
const SAFE_WORD = /^[\w@%+=:,./-]+$/;
const ASSIGNMENT = /^[A-Za-z_]\w*=/;
const WRAPPERS = new Set(['sudo', 'doas', 'env', 'nohup', 'time', 'nice', 'ionice', 'command', 'exec', 'builtin', 'xargs', 'timeout', 'stdbuf', 'busybox', 'then', 'do', 'else', 'if', 'while', 'until', '{', '!']);
const WRAPPER_VALUE_FLAGS = new Set(['-u', '-g', '-n', '-s', '-c', '-k', '-I', '-L', '-P']);
const DURATION = /^\d+(?:\.\d+)?[smhd]?$/;
const INTERPRETER = /^(?:(?:ba|z|da|k|a)?sh|fish|python[\d.]*|perl|ruby|node|php|lua|pwsh|powershell|iex|invoke-expression|source|\.|eval)$/i;
export const DOWNLOADERS: ReadonlySet<string> = new Set(['curl', 'wget', 'fetch', 'aria2c', 'iwr', 'irm', 'invoke-webrequest', 'invoke-restmethod', 'http', 'https', 'xh']);
export const SENDERS: ReadonlySet<string> = new Set([...DOWNLOADERS, 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'ssh', 'scp', 'sftp', 'rsync', 'ftp', 'openssl']);
export const NETCAT: ReadonlySet<string> = new Set(['nc', 'ncat', 'netcat', 'nc.traditional', 'nc.openbsd', 'telnet']);
// Commands that name a secret file without putting its contents in front of the agent.
const SECRET_BENIGN = new Set(['chmod', 'chown', 'chgrp', 'ssh-keygen', 'ssh', 'ssh-add', 'mkdir', 'touch', 'rm', 'ls', 'stat', 'test', '[', 'source', '.', 'git']);
const SECRET_PATH = /(?:^|[/=@:'"\s])(?:\.ssh(?:\/(?!known_hosts|config$|authorized_keys|[^/\s]*\.pub$)\S*)?$|id_(?:rsa|dsa|ecdsa|ed25519)(?![.\w])|\.aws\/credentials|\.env(?:\.(?!example|sample|template|dist|defaults)[\w-]+)?(?:$|['"\s])|\/etc\/(?:g?shadow|sudoers|master\.passwd)|\.netrc|\.git-credentials|\.docker\/config\.json|\.kube\/config|\.config\/gcloud|\.npmrc|\.pypirc|\.gnupg|\.cursor\/mcp\.json|\.config\/gh\/hosts\.yml|\.password-store|\.vault-token|\.pgpass|\.my\.cnf)/;
const ROOT_OR_HOME = /^(?:\/+\*?|~\/?\*?|\$\{?HOME\}?\/?\*?|\/(?:bin|boot|dev|etc|home|lib|lib64|opt|root|sbin|srv|usr|var|System|Users|Library|Applications)\/?\*?)$/;
const WIDE_GLOB = /^(?:\*|\.\*|\.\.?\/?\*?)$/;
const BLOCK_DEVICE = /^\/dev\/(?:sd|hd|vd|xvd|nvme|mmcblk|disk|md|dm-|mapper\/)/;
const HISTORY_FILE = /(?:^|\/)\.(?:bash|zsh|sh|python|node_repl|mysql|psql|lesshst)_?history$|^\/var\/log(?:\/|$)/;
const HISTORY_VAR = /^(?:HISTFILE=(?:\/dev\/null)?|HISTSIZE=0|HISTFILESIZE=0|SAVEHIST=0)$/;
const CURL_DATA_FLAGS = new Set(['-d', '--data', '--data-binary', '--data-ascii', '--data-urlencode', '-F', '--form', '--json', '-T', '--upload-file']);
const CURL_ATTACHED = /^(-[dFT])(.+)$|^(--[a-z-]+)=(.+)$/;
const FILE_REF = /^@(.+)$|^[^=@]*=[@<]([^;]+)/;
const URLENCODE_FILE = /^[\w-]*@(.+)$/;
const SUBST_OPENERS = new Set(['$(', '<(', '`']);
const R_FLAG = /r/i;
const CAP_R_FLAG = /R/;
const REMOTE = /^(?:[\w.-]+@)?[\w.-]+:/;
const OUTPUT_FLAGS = new Set(['-o', '-O', '--output', '--output-document']);
const NC_EXEC = /^-[a-zA-Z]*[ec][a-zA-Z]*$|^--(?:sh-|lua-)?exec$/;
const SOCAT_EXEC = /^(?:exec|system):/i;
const FORCE_SHORT = /^-[a-zA-Z]*f[a-zA-Z]*$/;
// Raw-text patterns: these forms survive any quoting, so they are matched on the script itself.
const FORK_BOMB = /(?<![\w:])([\w:]{1,32})\s*\(\s*\)\s*\{[^}]{0,40}\1\s*\|\s*\1\s*&[^}]{0,20}\}\s*;?\s*\1/g;
const DEV_TCP = /\/dev\/(?:tcp|udp)\/[^\s/]{1,255}\/\d{1,5}/g;
const SOCKET_SHELL = /\b(?:socket\.socket|fsockopen|IO::Socket|TCPSocket|net\.Socket|Socket\.new)\b[\s\S]{0,400}?(?:dup2|pty\.spawn|subprocess|\/bin\/(?:ba|z)?sh|popen|spawn)/g;
const SUBST_DOWNLOAD = /(?:\$\(|<\(|`)\s*(?:curl|wget)\b/;

/** The command name of a word: its last path segment, lower-cased. */
export function basename(word: string): string {
  return (word.slice(word.lastIndexOf('/') + 1) || word).toLowerCase();
}

/** True when a path names a credential file (SSH keys, cloud credentials, `.env`, token stores). */
export function isSecretPath(path: string): boolean {
  return SECRET_PATH.test(path);
}

function quote(w: string): string {
  return SAFE_WORD.test(w) ? w : `'${w.split("'").join(`'\\''`)}'`;
}

function fromValue(value: unknown, key: string): ShellCommandArg | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : { arg: key, command: value };
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const argv = value.slice(0, 256).filter((v): v is string => typeof v === 'string');
  // `["bash", "-lc", "script"]` (exec-array tools): the script is the command.
  const flag = argv.findIndex((w, i) => i > 0 && SHELL_C_FLAG.test(w));
  const script = argv[flag + 1];
  if (SHELLS.has(basename(argv[0] ?? '')) && flag > 0 && script !== undefined) return { arg: `${key}.${flag + 1}`, command: script };
  return argv.length > 0 ? { arg: key, command: argv.map(quote).join(' ') } : undefined;
}

/**
 * Finds the shell command in tool-call arguments: an argument named command/cmd/script/code, else, for a
 * tool named like a shell (bash, shell, terminal, exec), its first string argument.
 */
export function shellCommandOf(args: ToolArgs, toolName?: string): ShellCommandArg | undefined {
  for (const key of COMMAND_KEYS) {
    const found = fromValue(args[key], key);
    if (found !== undefined) return found;
  }
  if (toolName === undefined || !SHELL_TOOL.test(toolName)) return undefined;
  for (const [key, value] of Object.entries(args)) {
    const found = fromValue(value, key);
    if (found !== undefined) return found;
  }
  return undefined;
}

function argvOf(words: readonly string[]): readonly string[] {
  let i = 0;
  while (i < words.length) {
    const w = words[i] ?? '';
    if (ASSIGNMENT.test(w)) i++;
    else if (WRAPPERS.has(basename(w))) {
      i++;
      while (i < words.length && ((words[i] ?? '').startsWith('-') || DURATION.test(words[i] ?? ''))) i += WRAPPER_VALUE_FLAGS.has(words[i] ?? '') ? 2 : 1;
    } else break;
  }
  return words.slice(i);
}

/** Parses a script into pipelines, descending into `sh -c '…'` and `eval` once or twice. */
export function expand(src: string, depth: number, outer: Cmd | undefined, out: Cmd[][]): void {
  let pipeline: Cmd[] | undefined;
  let prev = outer; // `sh -c "$(curl …)"`: the substitution is an argument of the outer shell
  for (const c of parseShell(src)) {
    const argv = argvOf(c.words);
    const span = outer ?? c;
    const substOf = SUBST_OPENERS.has(c.after) ? prev?.name : undefined;
    const cmd: Cmd = { ...c, start: span.start, end: span.end, argv, name: basename(argv[0] ?? ''), substOf };
    if (c.after !== '|' || pipeline === undefined) out.push((pipeline = []));
    pipeline.push(cmd);
    prev = cmd;
    if (depth >= 2) continue;
    const k = SHELLS.has(cmd.name) ? argv.findIndex((w, i) => i > 0 && SHELL_C_FLAG.test(w)) : -1;
    const script = k > 0 ? argv[k + 1] : cmd.name === 'eval' ? argv.slice(1).join(' ') : undefined;
    if (script !== undefined) expand(script, depth + 1, cmd, out);
  }
}

/** Splits a command's words after the name into flags and operands (`--` ends flags). */
export function flagsAndArgs(argv: readonly string[]): { flags: string[]; args: string[] } {
  const flags: string[] = [];
  const args: string[] = [];
  let ended = false;
  for (const w of argv.slice(1)) {
    if (!ended && w === '--') ended = true;
    else if (!ended && w.startsWith('-') && w.length > 1) flags.push(w);
    else args.push(w);
  }
  return { flags, args };
}

/** Files a command reads that hold credentials, per SECRET_PATH. */
export function secretReads(cmd: Cmd): string[] {
  if (SECRET_BENIGN.has(cmd.name)) return [];
  const { args } = flagsAndArgs(cmd.argv);
  // The last argument of cp/mv/ln/install is the destination, not a read.
  const reads = ['cp', 'mv', 'ln', 'install'].includes(cmd.name) ? args.slice(0, -1) : args;
  const inputs = cmd.redirects.filter((r) => r.op === '<').map((r) => r.target);
  return [...reads, ...inputs].filter((w) => SECRET_PATH.test(w));
}

function fileRef(value: string, urlencode: boolean): string | undefined {
  const m = FILE_REF.exec(value) ?? (urlencode ? URLENCODE_FILE.exec(value) : null);
  return m === null ? undefined : (m[1] ?? m[2]);
}

/** Local files (or `-` for piped input) a command sends over the network. */
export function uploads(cmd: Cmd): string[] {
  const files: string[] = [];
  const { argv, name } = cmd;
  if (name === 'curl' || name === 'wget') {
    for (let i = 1; i < argv.length; i++) {
      const w = argv[i] ?? '';
      const attached = CURL_ATTACHED.exec(w);
      const flag = attached ? (attached[1] ?? attached[3] ?? '') : w;
      const value = attached ? (attached[2] ?? attached[4] ?? '') : argv[i + 1] ?? '';
      if (name === 'wget' && (flag === '--post-file' || flag === '--body-file')) files.push(value);
      if (name !== 'curl' || !CURL_DATA_FLAGS.has(flag)) continue;
      const file = flag === '-T' || flag === '--upload-file' ? value : fileRef(value, flag === '--data-urlencode');
      if (file !== undefined && file !== '') files.push(file);
    }
  } else if (name === 'scp' || name === 'rsync' || name === 'sftp') {
    const { args } = flagsAndArgs(argv);
    const dest = args[args.length - 1];
    if (args.length >= 2 && dest !== undefined && REMOTE.test(dest)) files.push(...args.slice(0, -1).filter((a) => !REMOTE.test(a)));
  } else if (NETCAT.has(name) || name === 'socat') {
    files.push(...cmd.redirects.filter((r) => r.op === '<').map((r) => r.target));
  }
  if (cmd.after === '|' && NETCAT.has(name)) files.push('-');
  return files;
}

interface Hit {
  readonly kind: string;
  readonly severity: Severity;
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

function destructive(cmd: Cmd, hit: (sev: Severity, msg: string) => void): void {
  const { name, argv } = cmd;
  const { flags, args } = flagsAndArgs(argv);
  // Short flags cluster (`-rf`), long ones stand alone.
  const has = (re: RegExp, long: string): boolean => flags.some((f) => f === long || (!f.startsWith('--') && re.test(f)));
  if (name === 'rm' && has(R_FLAG, '--recursive')) {
    if (flags.includes('--no-preserve-root') || args.some((a) => ROOT_OR_HOME.test(a))) hit('critical', 'recursive delete of the root, home or a system directory');
    else if (args.some((a) => WIDE_GLOB.test(a))) hit('high', 'recursive delete of a wide glob');
  }
  if (name.startsWith('mkfs') || name === 'wipefs') hit('critical', 'formats a file system');
  if (name === 'dd' && argv.some((w) => w.startsWith('of=/dev/') && BLOCK_DEVICE.test(w.slice(3)))) hit('critical', 'dd writes to a block device');
  if (name === 'shred' && args.some((a) => BLOCK_DEVICE.test(a))) hit('critical', 'shreds a block device');
  if (cmd.redirects.some((r) => r.op.startsWith('>') && BLOCK_DEVICE.test(r.target))) hit('critical', 'overwrites a block device');
  if ((name === 'chmod' || name === 'chown') && has(CAP_R_FLAG, '--recursive') && args.some((a) => ROOT_OR_HOME.test(a))) hit('high', `recursive ${name} of the root or home directory`);
  if (name === 'find' && ROOT_OR_HOME.test(args[0] ?? '') && (argv.includes('-delete') || argv.some((w, i) => w === '-exec' && basename(argv[i + 1] ?? '') === 'rm'))) hit('critical', 'find deletes from the root or home directory');
  const wipesHistory =
    (name === 'history' && flags.some((f) => f.includes('c'))) ||
    (name === 'unset' && args.includes('HISTFILE')) ||
    cmd.words.some((w) => HISTORY_VAR.test(w)) ||
    (['rm', 'shred', 'truncate', 'srm'].includes(name) && args.some((a) => HISTORY_FILE.test(a))) ||
    cmd.redirects.some((r) => (r.op === '>' || r.op === '>|') && HISTORY_FILE.test(r.target)) ||
    (name === 'journalctl' && flags.some((f) => f.startsWith('--vacuum')));
  if (wipesHistory) hit('high', 'wipes shell history or system logs');
}

function analyse(script: string): Hit[] {
  const hits: Hit[] = [];
  const pipelines: Cmd[][] = [];
  expand(script, 0, undefined, pipelines);
  const add = (kind: string, severity: Severity, message: string, at: { start: number; end: number }): void => {
    if (hits.length < MAX_FINDINGS && !hits.some((h) => h.kind === kind && h.start === at.start)) hits.push({ kind, severity, message, start: at.start, end: at.end });
  };
  const all = pipelines.flat();
  const secretCmds = all.filter((c) => secretReads(c).length > 0);
  for (const c of secretCmds) add('shell.secret-read', 'high', `reads a credential file (${clip(secretReads(c)[0] ?? '', 60)})`, c);
  const downloaded = new Set<string>();

  for (const pipeline of pipelines) {
    pipeline.forEach((cmd, i) => {
      destructive(cmd, (sev, msg) => add('shell.destructive', sev, msg, cmd));
      const { name, argv } = cmd;
      const prev = pipeline[i - 1];
      if (INTERPRETER.test(name) && pipeline.slice(0, i).some((p) => DOWNLOADERS.has(p.name))) add('shell.remote-exec', 'high', 'pipes downloaded content into an interpreter', cmd);
      if (INTERPRETER.test(name) && argv.some((w) => SUBST_DOWNLOAD.test(w))) add('shell.remote-exec', 'high', 'runs the output of a download', cmd);
      if (DOWNLOADERS.has(name) && cmd.substOf !== undefined && INTERPRETER.test(cmd.substOf)) add('shell.remote-exec', 'high', 'runs the output of a download', cmd);
      if (downloaded.has(name) || (INTERPRETER.test(name) && downloaded.has(basename(argv[1] ?? '')))) add('shell.remote-exec', 'high', 'runs a file it just downloaded', cmd);
      for (let j = 1; DOWNLOADERS.has(name) && j < argv.length - 1; j++) if (OUTPUT_FLAGS.has(argv[j] ?? '')) downloaded.add(basename(argv[j + 1] ?? ''));
      if (INTERPRETER.test(name) && prev !== undefined && NETCAT.has(prev.name)) add('shell.reverse-shell', 'critical', 'pipes a network connection into a shell', cmd);
      if (NETCAT.has(name) && argv.some((w, j) => j > 0 && NC_EXEC.test(w))) add('shell.reverse-shell', 'critical', `${name} executes a program for the remote side`, cmd);
      if (name === 'socat' && argv.some((w) => SOCAT_EXEC.test(w))) add('shell.reverse-shell', 'critical', 'socat connects a program to the network', cmd);
      if (name === 'git') forcePush(argv, (sev, msg) => add('shell.force-push', sev, msg, cmd));
      if (name === 'git' && pushesToAddress(argv)) add('shell.push-address', 'medium', 'pushes to a remote given by address, not a configured remote', cmd);
      const files = uploads(cmd);
      if (files.length > 0) {
        const secret = files.some((f) => SECRET_PATH.test(f)) || (files.includes('-') && pipeline.slice(0, i).some((p) => secretCmds.includes(p)));
        // A plain upload is not exfiltration by itself (developers upload reports, builds, logs): it is a
        // send like any other, judged by where its arguments came from. Only a credential leaving is exfil.
        if (secret) add('shell.exfil', 'critical', 'sends a credential file over the network', cmd);
        else add('shell.upload', 'medium', `uploads ${clip(files[0] ?? '', 60)} over the network`, cmd);
      } else if (SENDERS.has(name) && secretCmds.length > 0) add('shell.exfil', 'critical', 'reads a credential and sends data over the network in one command', cmd);
    });
  }
  // Fork bombs, /dev/tcp and socket code keep their shape under any quoting: match the raw script.
  eachMatch(FORK_BOMB, script, (m) => void add('shell.destructive', 'high', 'fork bomb', { start: m.index, end: m.index + m[0].length }));
  eachMatch(DEV_TCP, script, (m) => void add('shell.reverse-shell', 'critical', 'connects a shell to /dev/tcp', { start: m.index, end: m.index + m[0].length }));
  eachMatch(SOCKET_SHELL, script, (m) => void add('shell.reverse-shell', 'critical', 'socket code that spawns a shell', { start: m.index, end: m.index + m[0].length }));
  if (all.some((c) => c.name === 'mkfifo') && all.some((c) => NETCAT.has(c.name)) && all.some((c) => SHELLS.has(c.name))) add('shell.reverse-shell', 'critical', 'named pipe between netcat and a shell', { start: 0, end: script.length });
  return hits;
}

const PUSH_ADDRESS = /^(?:[a-z][a-z0-9+.-]*:\/\/|[\w.-]+@[\w.-]+:)/i;

/**
 * `git push https://host/repo` or `git push user@host:repo`: code sent to an address typed into the command
 * rather than to one of the repository's configured remotes (origin, upstream), which the developer set up.
 */
function pushesToAddress(argv: readonly string[]): boolean {
  let i = 1;
  while (i < argv.length && (argv[i] ?? '').startsWith('-')) i += argv[i] === '-C' || argv[i] === '-c' ? 2 : 1;
  if (argv[i] !== 'push') return false;
  const target = argv.slice(i + 1).find((w) => !w.startsWith('-'));
  return target !== undefined && PUSH_ADDRESS.test(target);
}

function forcePush(argv: readonly string[], hit: (sev: Severity, msg: string) => void): void {
  let i = 1;
  while (i < argv.length && (argv[i] ?? '').startsWith('-')) i += argv[i] === '-C' || argv[i] === '-c' ? 2 : 1;
  if (argv[i] !== 'push') return;
  const rest = argv.slice(i + 1);
  if (rest.some((w) => w === '--force' || w === '--mirror' || FORCE_SHORT.test(w) || (w.startsWith('+') && w.length > 1))) hit('high', 'force-pushes, rewriting remote history');
  else if (rest.some((w) => w.startsWith('--force-with-lease') || w === '--force-if-includes')) hit('medium', 'force-pushes with a lease');
}

/** Masks credentials in a command before it goes into an excerpt. */
function redactCommand(text: string): string {
  let out = text;
  for (const h of [...findSecrets(text, 8)].sort((a, b) => b.start - a.start)) out = out.slice(0, h.start) + mask(text.slice(h.start, h.end)) + out.slice(h.end);
  return clip(out, 120);
}

/** Detects dangerous shell commands in tool calls: destruction, remote code, reverse shells, secret reads and exfiltration, force pushes. */
export const shellDetector = defineDetector({
  id: 'shell',
  kinds: ['tool.call'],
  initState: STATELESS,
  inspect(event) {
    const found = shellCommandOf(event.args, event.tool.name);
    if (found === undefined) return undefined;
    const script = found.command.length > MAX_SCRIPT ? found.command.slice(0, MAX_SCRIPT) : found.command;
    const bag = new FindingBag();
    for (const h of analyse(script)) {
      const excerpt = redactCommand(script.slice(h.start, h.end));
      bag.add(finding({ detector: 'shell', kind: h.kind, severity: h.severity, message: h.message, arg: found.arg, span: { start: h.start, end: h.end }, excerpt }));
    }
    return bag.result();
  },
});
