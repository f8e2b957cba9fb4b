import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Parses a command's options with node:util, turning a usage error into a message instead of a throw. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
): { ok: true; values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; args: string[] }>>['values']; positionals: string[] } | { ok: false; message: string } {
  try {
    const r = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { ok: true, values: r.values, positionals: r.positionals };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
