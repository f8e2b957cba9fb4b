import type { CliIO } from '../io.js';
import { policyCheck } from './policy-check.js';
import { policyTest } from './policy-test.js';

/** `rampart policy check FILE...` and `rampart policy test DIR`. */
export async function policy(args: string[], io: CliIO): Promise<number> {
  const [verb, ...rest] = args;
  switch (verb) {
    case 'check':
      return policyCheck(rest, io);
    case 'test':
      return policyTest(rest, io);
    case '--help':
    case '-h':
      io.out('usage: rampart policy check FILE... | rampart policy test DIR\n');
      return 0;
    default:
      io.err('usage: rampart policy check FILE... | rampart policy test DIR\n');
      return 2;
  }
}
