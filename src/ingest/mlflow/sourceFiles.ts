import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IngestContext } from '../types';
import { realPathInside, walkFolders } from '../workspacePaths';

/** Deep enough for any key with `/` or artifact tree; a deeper chain is a loop the walker would also stop. */
const MAX_DEPTH = 64;

export interface FolderEntries {
  /** Absolute paths of subfolders, by name. */
  dirs: string[];
  /** Absolute paths of regular files, by name. */
  files: string[];
}

/**
 * A folder's subfolders and regular files. A symbolic link counts only when it stays inside the
 * workspace (otherwise a diagnostic); sockets, FIFOs and devices are left out, since opening a
 * FIFO would block the import.
 */
export function listFolder(ctx: IngestContext, dir: string): FolderEntries {
  const result: FolderEntries = { dirs: [], files: [] };
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    ctx.diagnostics.error(dir, `cannot be listed (${(error as NodeJS.ErrnoException).code ?? String(error)}); skipped`);
    return result;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) result.dirs.push(child);
    else if (entry.isFile()) result.files.push(child);
    else if (entry.isSymbolicLink() && realPathInside(ctx.workspace, child, ctx.diagnostics) !== null) {
      const target = fs.statSync(child);
      if (target.isDirectory()) result.dirs.push(child);
      else if (target.isFile()) result.files.push(child);
    }
  }
  return result;
}

/**
 * Every regular file under `root` with its path relative to it, `/`-separated: the key of an
 * MLflow param, tag or metric (a key with `/` is a file in a subfolder). Nothing when `root` is
 * missing, as it is in runs that logged no params, say.
 */
export function* keyedFiles(ctx: IngestContext, root: string): Generator<{ key: string; file: string }> {
  if (!fs.existsSync(root)) return;
  for (const { dir, entries } of walkFolders(ctx.workspace, root, { maxDepth: MAX_DEPTH }, ctx.diagnostics)) {
    for (const file of filesIn(ctx, dir, entries)) {
      yield { key: path.relative(root, file).split(path.sep).join('/'), file };
    }
  }
}

/** The regular files of a walked folder; links to folders are the walker's to follow (and report). */
function filesIn(ctx: IngestContext, dir: string, entries: fs.Dirent[]): string[] {
  const files: string[] = [];
  for (const entry of entries) {
    const child = path.join(dir, entry.name);
    if (entry.isFile()) files.push(child);
    else if (entry.isSymbolicLink() && isFileTarget(child) && realPathInside(ctx.workspace, child, ctx.diagnostics) !== null) files.push(child);
  }
  return files;
}

function isFileTarget(link: string): boolean {
  try {
    return fs.statSync(link).isFile();
  } catch {
    return false; // dangling, or a loop: the walker reports loops
  }
}

/**
 * The bytes of a small file (a meta.yaml, a param or tag value), or null with a diagnostic when it
 * is missing, not a regular file, leads outside the workspace or is larger than `maxBytes`.
 */
export function readSmallFile(ctx: IngestContext, file: string, maxBytes: number): Buffer | null {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
    if (stat.isSymbolicLink()) {
      if (realPathInside(ctx.workspace, file, ctx.diagnostics) === null) return null;
      stat = fs.statSync(file);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    ctx.diagnostics.error(file, code === 'ENOENT' ? 'missing; skipped' : `cannot be read (${code ?? String(error)}); skipped`);
    return null;
  }
  if (!stat.isFile()) {
    ctx.diagnostics.error(file, 'not a regular file; skipped');
    return null;
  }
  if (stat.size > maxBytes) {
    ctx.diagnostics.error(file, `larger than ${maxBytes} bytes; skipped`);
    return null;
  }
  try {
    return fs.readFileSync(file);
  } catch (error) {
    ctx.diagnostics.error(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); skipped`);
    return null;
  }
}
