/**
 * The last lines an upstream wrote to stderr, bounded in lines and line length; older lines are dropped and
 * counted (STYLE.md §5: bound everything and count drops).
 */
export class BoundedLog {
  readonly #lines: string[] = [];
  readonly #maxLines: number;
  readonly #maxLineChars: number;
  #partial = '';
  #dropped = 0;

  constructor(maxLines = 200, maxLineChars = 2000) {
    this.#maxLines = maxLines;
    this.#maxLineChars = maxLineChars;
  }

  /** Appends a chunk of output, split into lines. */
  write(chunk: string): void {
    let text = this.#partial + chunk;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      this.#push(text.slice(0, nl));
      text = text.slice(nl + 1);
      nl = text.indexOf('\n');
    }
    // An unterminated line is kept up to the line bound only.
    this.#partial = text.length > this.#maxLineChars ? text.slice(0, this.#maxLineChars) : text;
  }

  #push(line: string): void {
    this.#lines.push(line.length > this.#maxLineChars ? `${line.slice(0, this.#maxLineChars)}…` : line);
    if (this.#lines.length > this.#maxLines) {
      this.#lines.shift();
      this.#dropped++;
    }
  }

  /** The lines kept, oldest first. */
  lines(): readonly string[] {
    return this.#partial === '' ? [...this.#lines] : [...this.#lines, this.#partial];
  }

  get dropped(): number {
    return this.#dropped;
  }
}
