import type { Capability } from '../../core/index.js';
import { MAX_SCRIPT } from './shell-parse.js';
import { basename, DOWNLOADERS, expand, flagsAndArgs, NETCAT, secretReads, SENDERS, uploads, type Cmd } from './shell.js';

/**
 * What a shell script does, as the engine's capability classes (DESIGN.md §3), from the same parse the shell
 * detector uses. An agent's Bash tool is not one thing: `cat notes.txt` reads, `curl -d @.env …` sends out,
 * `rm -rf build` destroys. The classes drive session labels (a read of a file brings its content in as private
 * and untrusted) and flow rules (an outward send after an injection).
 *
 * A script made only of read-only commands does not "execute" in the policy sense; anything else does.
 */

/** Commands that only read and print (with their usual flags). */
const READ_ONLY = new Set([
  'cat', 'head', 'tail', 'less', 'more', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ls', 'll', 'tree', 'wc', 'echo', 'printf', 'pwd', 'stat',
  'file', 'du', 'df', 'which', 'type', 'whoami', 'id', 'date', 'uname', 'env', 'printenv', 'sort', 'uniq', 'cut', 'tr', 'diff', 'cmp',
  'jq', 'yq', 'column', 'nl', 'od', 'xxd', 'hexdump', 'strings', 'basename', 'dirname', 'realpath', 'readlink', 'true', 'false', 'test',
  '[', 'md5sum', 'sha1sum', 'sha256sum', 'base64', 'awk', 'sed', 'find', 'fd', 'locate', 'bat', 'tac', 'rev', 'fold', 'fmt', 'comm',
]);
/** Commands that read files named as operands (their output brings file content into the context). */
const FILE_READERS = new Set(['cat', 'head', 'tail', 'less', 'more', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'bat', 'tac', 'nl', 'od', 'xxd', 'hexdump', 'strings', 'jq', 'yq', 'awk', 'sed', 'base64', 'sort', 'cut', 'diff', 'source', '.']);
const DESTROYERS = new Set(['rm', 'rmdir', 'shred', 'truncate', 'srm', 'unlink', 'wipefs', 'dd', 'mkfs', 'kill', 'pkill', 'killall']);
const WRITERS = new Set(['cp', 'mv', 'ln', 'install', 'touch', 'mkdir', 'tee', 'chmod', 'chown', 'chgrp', 'patch', 'tar', 'unzip', 'zip', 'npm', 'pnpm', 'yarn', 'pip', 'pip3', 'cargo', 'make']);
const GIT_SENDS = new Set(['push', 'send-email', 'request-pull']);
const GIT_FETCHES = new Set(['clone', 'fetch', 'pull', 'submodule']);
const GIT_READS = new Set(['status', 'log', 'diff', 'show', 'blame', 'branch', 'remote', 'rev-parse', 'ls-files', 'grep', 'config', 'describe', 'tag', 'shortlog']);
const FIND_ACTIONS = new Set(['-exec', '-execdir', '-delete', '-ok', '-okdir', '-fprint', '-fprintf', '-fls']);
const SED_INPLACE = /^-[a-zA-Z]*i/;
const NULL_SINK = /^\/dev\/(?:null|stdout|stderr|tty|fd\/\d)$/;

function gitSubcommand(argv: readonly string[]): string {
  let i = 1;
  while (i < argv.length && (argv[i] ?? '').startsWith('-')) i += argv[i] === '-C' || argv[i] === '-c' ? 2 : 1;
  return argv[i] ?? '';
}

/** True when the command changes nothing and runs nothing else: safe to read as a pure read. */
function readOnly(cmd: Cmd): boolean {
  const { name, argv } = cmd;
  if (cmd.redirects.some((r) => r.op.startsWith('>') && !NULL_SINK.test(r.target))) return false;
  if (name === 'git') return GIT_READS.has(gitSubcommand(argv)) && !argv.includes('--global');
  if (name === 'find') return !argv.some((w) => FIND_ACTIONS.has(w));
  if (name === 'sed') return !argv.some((w) => SED_INPLACE.test(w) || w === '--in-place');
  if (name === 'awk') return !argv.some((w) => w.includes('system(') || w.includes('print >'));
  return READ_ONLY.has(name);
}

/** The capability classes of a shell script. Never empty: an unparseable script executes. */
export function shellCapabilities(script: string): readonly Capability[] {
  const pipelines: Cmd[][] = [];
  expand(script.length > MAX_SCRIPT ? script.slice(0, MAX_SCRIPT) : script, 0, undefined, pipelines);
  const caps = new Set<Capability>();
  let allReadOnly = true;
  for (const cmd of pipelines.flat()) {
    const { name, argv } = cmd;
    if (!readOnly(cmd)) allReadOnly = false;
    if (secretReads(cmd).length > 0) caps.add('reads-private');
    const operands = flagsAndArgs(argv).args;
    if ((FILE_READERS.has(name) && operands.length > 0) || cmd.redirects.some((r) => r.op === '<')) {
      // A file's content may have been written by anyone (a cloned repository, a download): private and untrusted.
      caps.add('reads-private');
      caps.add('reads-untrusted');
    }
    if (SENDERS.has(name) || NETCAT.has(name)) caps.add('sends-out');
    if (DOWNLOADERS.has(name)) caps.add('reads-untrusted');
    if (uploads(cmd).length > 0) caps.add('sends-out');
    if (name === 'git') {
      const sub = gitSubcommand(argv);
      if (GIT_SENDS.has(sub)) caps.add('sends-out');
      if (GIT_FETCHES.has(sub)) caps.add('reads-untrusted');
      if (sub === 'push' && argv.some((w) => w === '--force' || w === '-f' || w.startsWith('--force') || w === '--mirror' || w === '--delete')) caps.add('destroys');
      if (sub === 'reset' && argv.includes('--hard')) caps.add('destroys');
      if (sub === 'clean') caps.add('destroys');
      if (!GIT_READS.has(sub)) caps.add('writes');
    }
    if (DESTROYERS.has(name) || name.startsWith('mkfs')) caps.add('destroys');
    if (basename(name) === 'sed' && !readOnly(cmd)) caps.add('writes');
    if (WRITERS.has(name) || cmd.redirects.some((r) => r.op.startsWith('>') && !NULL_SINK.test(r.target))) caps.add('writes');
  }
  if (!allReadOnly || pipelines.length === 0) caps.add('executes');
  if (caps.has('writes') && allReadOnly) caps.delete('writes');
  return [...caps];
}
