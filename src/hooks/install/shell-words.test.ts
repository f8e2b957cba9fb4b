import { describe, expect, it } from 'vitest';
import { quoteArg, splitWords } from './shell-words.js';

describe('shell words', () => {
  it('quotes any argument so sh splits it back to the same word', () => {
    const args = ['/usr/bin/node', "/opt/ram part/it's/main.js", 'hook', 'claude-code', '--server', 'http://127.0.0.1:8787', '', 'a"b$c'];
    const line = args.map((a) => quoteArg(a, 'linux')).join(' ');
    expect(splitWords(line)).toEqual(args);
  });

  it('leaves plain words bare', () => {
    expect(quoteArg('/usr/bin/node', 'linux')).toBe('/usr/bin/node');
    expect(quoteArg('a b', 'linux')).toBe(`'a b'`);
    expect(quoteArg('C:\\Program Files\\node.exe', 'win32')).toBe('"C:\\Program Files\\node.exe"');
  });

  it('reads back Windows paths quoted for win32', () => {
    const args = ['C:\\Program Files\\nodejs\\node.exe', 'C:\\Users\\me\\rampart\\dist\\cli\\main.js', 'hook', 'copilot'];
    expect(splitWords(args.map((a) => quoteArg(a, 'win32')).join(' '))).toEqual(args);
  });

  it('refuses lines with operators, substitutions or open quotes', () => {
    for (const line of ['a; rm -rf /', 'a && b', 'a | b', 'echo $(id)', 'echo `id`', "a 'open", 'a > f', 'echo "$HOME"']) {
      expect(splitWords(line), line).toBeUndefined();
    }
  });
});
