import { isMap, isNode, isScalar, type Document, type LineCounter, type Node, type Scalar } from 'yaml';

/** A 1-based line and column in a source file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A parsed YAML file with what is needed to turn offsets and value paths back into positions. */
export interface SourceMap {
  readonly text: string;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
}

type Path = readonly (string | number)[];

/** The position of a character offset. */
export function positionAt(src: SourceMap, offset: number): Position {
  const { line, col } = src.lineCounter.linePos(offset);
  return { line, column: col };
}

/** The YAML node at `path`, or the nearest ancestor that exists (a missing key points at its parent map). */
export function nodeAt(src: SourceMap, path: Path): { readonly node: Node | undefined; readonly exact: boolean } {
  for (let n = path.length; n >= 0; n--) {
    const found = n === 0 ? src.doc.contents : src.doc.getIn(path.slice(0, n), true);
    if (isNode(found)) return { node: found, exact: n === path.length };
  }
  return { node: undefined, exact: false };
}

/** Where the value at `path` starts. */
export function positionOfPath(src: SourceMap, path: Path): Position {
  const { node } = nodeAt(src, path);
  return positionAt(src, node?.range?.[0] ?? 0);
}

/** Where the key `key` of the map at `path` starts (for unknown fields), else where the map starts. */
export function positionOfKey(src: SourceMap, path: Path, key: string): Position {
  const { node, exact } = nodeAt(src, path);
  if (exact && isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key) && pair.key.value === key && pair.key.range) return positionAt(src, pair.key.range[0]);
    }
  }
  return positionAt(src, node?.range?.[0] ?? 0);
}

/**
 * Where character `offset` of the string scalar at `path` sits in the file, so a CEL error points at the
 * token rather than at the start of `when:`. Exact for plain and quoted one-line scalars without escapes
 * and for literal blocks (`|`); anything folded or escaped falls back to the start of the value.
 */
export function positionInScalar(src: SourceMap, path: Path, offset: number): Position {
  const { node, exact } = nodeAt(src, path);
  if (!exact || !isScalar(node) || typeof node.value !== 'string' || !node.range) return positionAt(src, node?.range?.[0] ?? 0);
  const start = node.range[0];
  return positionAt(src, scalarOffset(src.text, node as Scalar<string>, start, offset) ?? start);
}

function scalarOffset(text: string, node: Scalar<string>, start: number, offset: number): number | undefined {
  const value = node.value;
  switch (node.type) {
    case 'PLAIN':
      return text.startsWith(value, start) ? start + offset : undefined;
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      return text.startsWith(value, start + 1) ? start + 1 + offset : undefined;
    case 'BLOCK_LITERAL':
      return literalOffset(text, value, start, offset);
    default:
      return undefined;
  }
}

// A literal block keeps its lines verbatim after stripping one common indentation (that of its first
// non-blank line): line k of the value is line k after the `|` header, shifted right by that indentation.
function literalOffset(text: string, value: string, headerStart: number, offset: number): number | undefined {
  const before = value.slice(0, offset);
  const lineInValue = before.split('\n').length - 1;
  const column = offset - (before.lastIndexOf('\n') + 1);
  const firstLine = text.indexOf('\n', headerStart) + 1;
  if (firstLine === 0) return undefined;
  let lineStart = firstLine;
  for (let k = 0; k < lineInValue; k++) {
    lineStart = text.indexOf('\n', lineStart) + 1;
    if (lineStart === 0) return undefined;
  }
  return lineStart + blockIndent(text, firstLine) + column;
}

function blockIndent(text: string, from: number): number {
  let i = from;
  let lineStart = from;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') lineStart = i + 1;
    else if (c !== ' ' && c !== '\r') break;
  }
  return i - lineStart;
}
