import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod';
import { err, ok, type Result } from '../core/result.js';
import { formatPath } from './format-path.js';
import { positionAt, positionInScalar, positionOfKey, positionOfPath, type Position, type SourceMap } from './positions.js';
import { PolicyFileSchema, type PolicyDocument } from './schema.js';

/** One problem in a policy file, pinned to where a user can fix it. `line` 0 means the whole file. */
export interface PolicyIssue {
  readonly file: string;
  /** 1-based; 0 when the problem has no position (the file could not be read). */
  readonly line: number;
  readonly column: number;
  /** Where in the document, e.g. `rules[2].when`; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

/** The outcome of reading a policy: the validated document or every issue found, in file order. */
export type PolicyResult = Result<PolicyDocument, readonly PolicyIssue[]>;

/**
 * Parses and validates policy YAML: syntax, the strict schema, every `when` expression (CEL syntax and
 * types) and rule id uniqueness. Never throws.
 */
export function parsePolicy(text: string, fileName: string): PolicyResult {
  const lineCounter = new LineCounter();
  // prettyErrors off: we print our own `file:line:col:` prefix instead of yaml's source excerpt.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const src: SourceMap = { text, doc, lineCounter };
  const at = (pos: Position, path: string, message: string): PolicyIssue => ({ file: fileName, line: pos.line, column: pos.column, path, message });

  // After a syntax error the tree is a guess: yaml's later errors and any schema errors against that guess
  // are mostly consequences of the first, so that is the one worth reading.
  const yamlError = doc.errors[0];
  if (yamlError !== undefined) return err([at(positionAt(src, yamlError.pos[0]), '', yamlError.message)]);

  let value: unknown;
  try {
    value = doc.toJS();
  } catch (thrown) {
    // yaml throws on alias bombs (maxAliasCount) and similar resource limits.
    return err([at(positionAt(src, 0), '', thrown instanceof Error ? thrown.message : String(thrown))]);
  }

  const parsed = PolicyFileSchema.safeParse(value);
  if (parsed.success) return ok(parsed.data);

  const issues: PolicyIssue[] = [];
  for (const issue of parsed.error.issues) {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push(at(positionOfKey(src, path, key), formatPath([...path, key]), `unknown field "${key}"`));
      continue;
    }
    issues.push(at(issuePosition(src, path, issue), formatPath(path), issueMessage(src, path, issue)));
  }
  // zod reports unknown keys after an object's other issues; file order reads better.
  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  return err(issues);
}

/** Reads and validates a policy file. Never throws: an unreadable file is an issue too. */
export async function loadPolicyFile(path: string): Promise<PolicyResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (thrown) {
    const reason = (thrown as NodeJS.ErrnoException).code ?? (thrown instanceof Error ? thrown.message : String(thrown));
    return err([{ file: path, line: 0, column: 0, path: '', message: `cannot read policy file: ${reason}` }]);
  }
  return parsePolicy(text, path);
}

/** `file:line:col: path: message`, the shape editors and CI annotations link from. */
export function formatIssue(issue: PolicyIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

function issuePosition(src: SourceMap, path: readonly (string | number)[], issue: z.core.$ZodIssue): Position {
  // CEL errors carry an offset inside the expression (schema.ts); point at the offending token.
  const offset = issue.code === 'custom' ? (issue.params as { offset?: unknown } | undefined)?.offset : undefined;
  return typeof offset === 'number' ? positionInScalar(src, path, offset) : positionOfPath(src, path);
}

function issueMessage(src: SourceMap, path: readonly (string | number)[], issue: z.core.$ZodIssue): string {
  // zod says "expected string, received undefined" for a missing key; say what the user has to do.
  if (issue.code === 'invalid_type' && path.length > 0 && !src.doc.hasIn(path)) return `missing required field (${issue.message})`;
  return issue.message;
}
