import { inspect } from 'node:util';

/**
 * A decrypted credential that will not print itself: `String()`, JSON, template strings and `console.log`
 * show `[secret]`. Call `reveal()` only where the value is attached to an upstream request.
 */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The credential in clear. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[secret]';
  }

  toJSON(): string {
    return '[secret]';
  }

  [inspect.custom](): string {
    return '[secret]';
  }
}
