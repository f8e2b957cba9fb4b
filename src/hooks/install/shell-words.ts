/** Characters a POSIX shell word may hold unquoted. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes one argument for the shell that runs hook commands: POSIX `sh` on Linux and macOS (single quotes,
 * a `'` becomes `'\''`), cmd/PowerShell-style double quotes on Windows.
 */
export function quoteArg(arg: string, platform: NodeJS.Platform): string {
  if (arg !== '' && SAFE_WORD.test(arg)) return arg;
  if (platform === 'win32') return `"${arg.replace(/"/g, '\\"')}"`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Splits a command line into words the way `sh` would for plain words and quotes (no expansion).
 * Returns undefined when the line holds anything else (an operator, a substitution, an open quote):
 * such a line is never one the installer wrote.
 */
export function splitWords(line: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word += line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '$' || line[j] === '`') return undefined;
        // Inside double quotes a backslash escapes only $ ` " \ (POSIX); elsewhere it is literal (Windows paths).
        if (line[j] === '\\' && j + 1 < line.length && '$`"\\'.includes(line[j + 1] as string)) j++;
        word += line[j];
      }
      if (j >= line.length) return undefined;
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= line.length) return undefined;
      word += line[++i];
    } else if (';&|<>()$`*?[]{}~#!\n'.includes(c)) {
      return undefined;
    } else {
      word += c;
    }
  }
  if (inWord) words.push(word);
  return words;
}
