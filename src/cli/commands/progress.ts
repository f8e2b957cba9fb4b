import type { CliIO } from '../io.js';

const WIDTH = 30;

/**
 * A progress bar on stderr (`[#####-----]  42%  1,400 sessions`), redrawn at most ten times a second, driven
 * by bytes read out of the file's total size.
 */
export function progressBar(io: CliIO, totalBytes: number): { update(bytes: number, sessions: number): void; done(): void } {
  let last = 0;
  return {
    update(bytes, sessions) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const frac = totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 0;
      const filled = Math.round(frac * WIDTH);
      io.err(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(frac * 100)).padStart(3)}%  ${sessions.toLocaleString('en')} sessions`);
    },
    done() {
      io.err('\r\x1b[K');
    },
  };
}
