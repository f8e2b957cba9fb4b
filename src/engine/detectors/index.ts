import type { AnyDetector } from '../../core/index.js';
import { createExfilDetector } from './exfil.js';
import { hiddenUnicodeDetector } from './hidden-unicode.js';
import { injectionDetector } from './injection.js';
import { piiDetector } from './pii.js';
import { secretsDetector } from './secrets.js';
import { shellDetector } from './shell.js';
import { toolPoisoningDetector } from './tool-poisoning.js';

export { createExfilDetector } from './exfil.js';
export type { ExfilOptions } from './exfil.js';
export { hiddenUnicodeDetector } from './hidden-unicode.js';
export { injectionDetector, scanInjection } from './injection.js';
export { piiDetector, luhnValid, ibanValid } from './pii.js';
export { secretsDetector } from './secrets.js';
export { shellDetector, shellCommandOf } from './shell.js';
export { toolPoisoningDetector } from './tool-poisoning.js';

/** The content detectors the engine runs by default, built once at startup. */
export function defaultDetectors(opts: { allowedHosts: readonly string[] }): readonly AnyDetector[] {
  return [
    injectionDetector,
    secretsDetector,
    piiDetector,
    hiddenUnicodeDetector,
    createExfilDetector({ allowedHosts: opts.allowedHosts }),
    shellDetector,
    toolPoisoningDetector,
  ];
}
