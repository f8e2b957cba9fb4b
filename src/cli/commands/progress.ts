import type { CliIO } from '../io.js';

/** A one-line progress indicator on stderr, redrawn at most ten times a second. */
export function progressBar(io: CliIO): { update(lines: number, sessions: number): void; done(): void } {
  let last = 0;
  const spin = ['|', '/', '-', '\\'];
  let i = 0;
  return {
    update(lines, sessions) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      io.err(`\r${spin[i++ % spin.length] ?? ''} replaying: line ${lines}, ${sessions} sessions`);
    },
    done() {
      io.err('\r\x1b[K');
    },
  };
}
