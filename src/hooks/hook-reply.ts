/**
 * What a command hook produces: stdout (JSON or empty), an exit code, and stderr. The server returns the same
 * triple over HTTP: the body is stdout (so Claude Code's HTTP hooks read it directly), and the exit code and
 * stderr travel in headers for the shim. Import-free: the shim loads it.
 */
export interface HookReply {
  readonly stdout: string;
  readonly exitCode: 0 | 2;
  readonly stderr: string;
}

/** Response headers that carry the exit code and stderr of a reply to the shim. */
export const EXIT_HEADER = 'x-rampart-exit';
export const STDERR_HEADER = 'x-rampart-stderr';

/** A reply that prints `body` as JSON and exits 0. */
export function jsonReply(body: object): HookReply {
  return { stdout: JSON.stringify(body), exitCode: 0, stderr: '' };
}

/** Exit 2 with a reason on stderr: the one deny form every agent honours on its gating events. */
export function blockReply(reason: string, stdout = ''): HookReply {
  return { stdout, exitCode: 2, stderr: reason };
}

/** The empty allow: `{}` on stdout, exit 0. Every agent reads it as "no objection". */
export const ALLOW_REPLY: HookReply = Object.freeze({ stdout: '{}', exitCode: 0, stderr: '' });
