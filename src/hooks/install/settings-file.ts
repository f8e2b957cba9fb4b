import { copyFileSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { err, ok, type Result } from '../../core/result.js';
import type { Json } from './types.js';

/** A settings file as read: absent, or present with its text and parsed JSON. */
export type SettingsFile =
  | { readonly exists: false; readonly path: string }
  | { readonly exists: true; readonly path: string; readonly text: string; readonly doc: Json; readonly mode: number };

/**
 * Reads an agent's settings file. A file that is not JSON (comments included) is an error, never replaced:
 * the installer must not clobber what it cannot read.
 */
export function readSettings(path: string): Result<SettingsFile, string> {
  let text: string;
  let mode: number;
  try {
    text = readFileSync(path, 'utf8');
    mode = statSync(path).mode & 0o777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok({ exists: false, path });
    return err(`cannot read ${path}: ${(e as Error).message}`);
  }
  if (text.trim() === '') return ok({ exists: true, path, text, doc: {}, mode });
  try {
    return ok({ exists: true, path, text, doc: JSON.parse(text) as Json, mode });
  } catch (e) {
    return err(`${path} is not valid JSON (${(e as Error).message}); fix or move it, then run again`);
  }
}

/** `20261124T133201123Z`: sortable, no characters a file system rejects. */
function stamp(now: Date): string {
  return now.toISOString().replace(/[-:.]/g, '');
}

/** The backup path for a settings file at a given time: `<file>.rampart-backup-<stamp>`. */
export function backupPath(path: string, now: Date): string {
  return join(dirname(path), `${basename(path)}.rampart-backup-${stamp(now)}`);
}

/**
 * Replaces a settings file: a timestamped copy of the old one first (when there was one), then the new text
 * written beside it and renamed over it, so a crash leaves the old file or the new one, never half of one.
 * A symlinked settings file (dotfile managers) is written through: the link stays a link.
 * Returns the backup's path.
 */
export function writeSettings(file: SettingsFile, text: string, now: Date): Result<string | undefined, string> {
  try {
    let backup: string | undefined;
    const target = file.exists ? realpathSync(file.path) : file.path;
    if (file.exists) {
      backup = backupPath(file.path, now);
      copyFileSync(target, backup);
    }
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.rampart-tmp-${process.pid}`;
    writeFileSync(tmp, text, { mode: file.exists ? file.mode : 0o644 });
    renameSync(tmp, target);
    return ok(backup);
  } catch (e) {
    return err(`cannot write ${file.path}: ${(e as Error).message}`);
  }
}

/** Deletes a settings file Rampart owns, after a timestamped backup. Returns the backup's path. */
export function deleteSettings(file: SettingsFile & { readonly exists: true }, now: Date): Result<string, string> {
  try {
    const backup = backupPath(file.path, now);
    copyFileSync(file.path, backup);
    unlinkSync(file.path);
    return ok(backup);
  } catch (e) {
    return err(`cannot remove ${file.path}: ${(e as Error).message}`);
  }
}

/** The text the installer writes: two-space JSON and a final newline, like the agents' own files. */
export function renderSettings(doc: Json): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
