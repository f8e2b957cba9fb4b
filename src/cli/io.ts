/** Where a command writes: injected so tests can capture output. */
export interface CliIO {
  out(s: string): void;
  err(s: string): void;
  /** True when stderr is a terminal (progress bars only then). */
  readonly tty: boolean;
  /** Reads all of stdin (secrets are piped in, never passed as arguments that `ps` would show). */
  readonly stdin?: (() => Promise<string>) | undefined;
}

/** The process's own streams. */
export const PROCESS_IO: CliIO = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  tty: process.stderr.isTTY === true,
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** A command: arguments after its name in, exit code out. */
export type Command = (args: string[], io: CliIO) => Promise<number>;
