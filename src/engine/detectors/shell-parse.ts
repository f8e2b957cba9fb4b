/** A redirection: `>`, `>>`, `<`, `&>` … and the word it applies to. */
export interface Redirect {
  readonly op: string;
  readonly target: string;
}

/** One simple command of a shell script, with quotes removed from its words. */
export interface ShellCommand {
  readonly words: readonly string[];
  readonly redirects: readonly Redirect[];
  /** Character range of the command in the parsed source. */
  readonly start: number;
  readonly end: number;
  /**
   * The operator before the command: `|` (reads the previous command's output), `;`, `&&`, `||`, `&`,
   * `$(`, `<(`, `` ` ``, `(`, or `` (first command).
   */
  readonly after: string;
}

/** Longest script parsed; longer input is cut, so parsing stays linear and bounded. */
export const MAX_SCRIPT = 64 * 1024;
const MAX_COMMANDS = 512;
const MAX_WORDS = 256;
const DIGITS = /^\d+$/;
const FD_CHAR = /[\d-]/;

/**
 * Splits a POSIX-shell script into simple commands: `;`, `&&`, `||`, `&`, newlines, pipes, `$(`, `<(`,
 * backticks and parentheses separate commands; single and double quotes and backslashes are honoured.
 * This is a tokenizer for detection, not an interpreter: no expansion, and `$(…)` inside double quotes
 * stays part of the word (callers look at such words themselves).
 */
export function parseShell(input: string): ShellCommand[] {
  const src = input.length > MAX_SCRIPT ? input.slice(0, MAX_SCRIPT) : input;
  const out: ShellCommand[] = [];
  let words: string[] = [];
  let redirects: Redirect[] = [];
  let word = '';
  let inWord = false;
  let pending: string | undefined; // a redirection waiting for its target word
  let cmdStart = -1;
  let after = '';

  const endWord = (): void => {
    if (!inWord) return;
    if (pending !== undefined) redirects.push({ op: pending, target: word });
    else if (words.length < MAX_WORDS) words.push(word);
    pending = undefined;
    word = '';
    inWord = false;
  };
  const endCommand = (at: number, op: string): void => {
    endWord();
    if ((words.length > 0 || redirects.length > 0) && out.length < MAX_COMMANDS) {
      out.push({ words, redirects, start: cmdStart, end: at, after });
      after = op;
    } else if (op !== ';' && op !== ')') after = op; // `$(` right after `;` still opens a substitution
    words = [];
    redirects = [];
    pending = undefined;
    cmdStart = -1;
  };
  const startWord = (at: number): void => {
    if (cmdStart < 0) cmdStart = at;
    inWord = true;
  };

  let i = 0;
  while (i < src.length && out.length < MAX_COMMANDS) {
    const c = src[i] ?? '';
    const next = src[i + 1] ?? '';
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
    } else if (c === '\\') {
      if (next !== '\n') {
        startWord(i);
        word += next;
      }
      i += 2;
    } else if (c === "'") {
      startWord(i);
      const close = src.indexOf("'", i + 1);
      const stop = close < 0 ? src.length : close;
      word += src.slice(i + 1, stop);
      i = stop + 1;
    } else if (c === '"') {
      startWord(i);
      i++;
      while (i < src.length && src[i] !== '"') {
        // Inside double quotes a backslash escapes only $ ` " \ and newline.
        if (src[i] === '\\' && '$`"\\\n'.includes(src[i + 1] ?? 'x')) i++;
        word += src[i] ?? '';
        i++;
      }
      i++;
    } else if (c === '#' && !inWord) {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl;
    } else if (c === '\n' || c === ';' || c === '(' || c === ')' || c === '`') {
      endCommand(i, c === '\n' ? ';' : c);
      i++;
    } else if (c === '$' && next === '(') {
      endCommand(i, '$(');
      i += 2;
    } else if (c === '&' || c === '|') {
      if (c === '&' && next === '>') {
        endWord();
        if (cmdStart < 0) cmdStart = i;
        pending = src[i + 2] === '>' ? '&>>' : '&>';
        i += pending.length;
      } else {
        const op = next === c ? c + c : c;
        endCommand(i, op);
        i += op.length > 1 || (c === '|' && next === '&') ? 2 : 1;
      }
    } else if (c === '>' || c === '<') {
      if (next === '(') {
        endCommand(i, c + next); // process substitution: a separate command
        i += 2;
        continue;
      }
      // `2>` and `2>&1`: a digit-only word just before the operator is a file descriptor.
      if (inWord && DIGITS.test(word) && pending === undefined) {
        word = '';
        inWord = false;
      } else endWord();
      if (cmdStart < 0) cmdStart = i;
      let op = c;
      let j = i + 1;
      while (j < src.length && op.length < 3 && '<>&|'.includes(src[j] ?? 'x')) op += src[j++];
      i = j;
      if (op.endsWith('&')) {
        // `>&2`, `<&-`: a descriptor, not a file.
        let fd = '';
        while (i < src.length && FD_CHAR.test(src[i] ?? 'x')) fd += src[i++];
        if (fd !== '') {
          redirects.push({ op, target: fd });
          continue;
        }
      }
      pending = op;
    } else {
      startWord(i);
      word += c;
      i++;
    }
  }
  endCommand(src.length, '');
  return out;
}
