import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatBytes } from '../../common/format';
import { errorMessage } from '../../core/errors';
import { parsePythonJson } from '../../core/pythonJson';
import { resolveInside } from '../safePath';
import type { MediaSink } from './mediaSink';

/** Plot and table files larger than this are not parsed (a plot is a few hundred KB at most). */
export const MAX_PLOT_BYTES = 8 * 1024 * 1024;
/** A media folder deeper or larger than this is not listed further (it is not one a logger wrote). */
const MAX_DEPTH = 12;
export const MAX_FILES = 50_000;

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp']);

export function isImageFile(rel: string): boolean {
  return IMAGE_EXTENSIONS.has(path.extname(rel).toLowerCase());
}

/** `rel` with forward slashes. */
export function slashed(rel: string): string {
  return rel.split(path.sep).join('/');
}

/** A file found by listFiles; `link` when it is a symbolic link, whose target must be checked. */
export interface ListedFile {
  rel: string;
  link: boolean;
}

/**
 * The files under `dir/sub` (relative to `dir`, `/`-separated, sorted). Links to folders are not
 * followed and `sub` itself must resolve inside `dir`, so every plain file listed is inside the
 * root without a realpath of its own (a media folder can hold thousands of images); a link to a
 * file is listed as such. A folder that does not exist has no files; one that cannot be listed,
 * or leads out, is a problem, as is one with more than MAX_FILES files (the first are listed).
 */
export function listFiles(dir: string, sub: string, sink: MediaSink): ListedFile[] {
  const files: ListedFile[] = [];
  let capped = false;
  if (sub !== '' && !startsInside(dir, sub, sink)) return files;
  const visit = (rel: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') sink.problem(path.join(dir, rel), `cannot be listed (${code ?? errorMessage(error)})`);
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (files.length >= MAX_FILES) {
        capped = true;
        return;
      }
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH) visit(child, depth + 1);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        files.push({ rel: child, link: entry.isSymbolicLink() });
      }
    }
  };
  visit(slashed(sub), 0);
  if (capped) sink.problem(path.join(dir, sub), `holds more than ${MAX_FILES} files; only the first ${MAX_FILES} (by name) are read`);
  return files;
}

/** Whether the folder `sub` is missing (nothing to list) or resolves inside `dir`; a problem when it leads out. */
function startsInside(dir: string, sub: string, sink: MediaSink): boolean {
  if (!fs.existsSync(path.join(dir, sub))) return false;
  return checkedPath(dir, sub, sink) !== null;
}

/** The absolute path of a listed file: a plain one as is, a link only when its target is inside `dir`. */
export function listedPath(dir: string, file: ListedFile, sink: MediaSink): string | null {
  return file.link ? checkedPath(dir, file.rel, sink) : path.join(dir, file.rel);
}

/** The absolute path of `rel` inside `dir` when it resolves inside it; otherwise a problem and null. */
export function checkedPath(dir: string, rel: string, sink: MediaSink): string | null {
  try {
    resolveInside(dir, rel);
    return path.join(dir, rel);
  } catch (error) {
    sink.problem(path.join(dir, rel), errorMessage(error));
    return null;
  }
}

/** A small text file inside `dir`, read through its resolved real path; null (with a problem) when it cannot be. */
export function readSmallText(dir: string, rel: string, sink: MediaSink): string | null {
  const file = path.join(dir, rel);
  try {
    const real = resolveInside(dir, rel);
    const size = fs.statSync(real).size;
    if (size > MAX_PLOT_BYTES) {
      sink.problem(file, `is ${formatBytes(size)}, more than the ${formatBytes(MAX_PLOT_BYTES)} a plot or table is read up to; not read`);
      return null;
    }
    return fs.readFileSync(real, 'utf8');
  } catch (error) {
    sink.problem(file, errorMessage(error));
    return null;
  }
}

/**
 * JSON from a small file inside `dir` (Python's NaN and Infinity tokens allowed: DVCLive's ROC
 * thresholds start at Infinity); undefined, with a problem naming the file, when it cannot be
 * read or is not JSON.
 */
export function readSmallJson(dir: string, rel: string, sink: MediaSink): unknown {
  const text = readSmallText(dir, rel, sink);
  if (text === null) return undefined;
  try {
    return parsePythonJson(text);
  } catch (error) {
    sink.problem(path.join(dir, rel), `is not valid JSON (${errorMessage(error)})`);
    return undefined;
  }
}
