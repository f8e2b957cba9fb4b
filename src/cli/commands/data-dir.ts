import { resolve } from 'node:path';

/** The store a command reads when `--data` is not given: the same folder `npm start` writes to. */
export function dataDir(flag: string | undefined): string {
  return flag ?? process.env['RAMPART_DATA'] ?? resolve('.rampart');
}
