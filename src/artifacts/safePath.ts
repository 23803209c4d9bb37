import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { pathInside } from '../core/pathInside';

/** The artifact path names nothing (not pulled, deleted): a listing skips it, a read reports it. */
export class ArtifactPathMissing extends UserError {}

/**
 * The real path of `relative` (`/`-separated) inside `root`, for reading it. Refused with a
 * UserError naming the path: an absolute path, a `..` segment, a path that does not exist, and
 * one whose real path (symbolic links followed, at every level) lies outside the root's real
 * path. Every artifact path that comes from a store, a webview or a file is read through it.
 */
export function resolveInside(root: string, relative: string): string {
  if (relative.includes('\0')) throw new UserError(`Artifact path "${relative.replaceAll('\0', '\\0')}" contains a NUL character; it cannot name a file.`);
  if (path.isAbsolute(relative) || path.win32.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) {
    throw new UserError(`Artifact path "${relative}" is absolute; only paths relative to the artifact folder ${root} are read.`);
  }
  if (relative.split(/[\\/]/).includes('..')) {
    throw new UserError(`Artifact path "${relative}" contains "..": only paths inside the artifact folder ${root} are read.`);
  }
  let realRoot: string;
  let real: string;
  try {
    realRoot = fs.realpathSync(root);
    real = fs.realpathSync(path.join(root, relative));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ArtifactPathMissing(`Artifact path "${relative}" in ${root} does not exist.`);
    const why = code === 'ELOOP' ? 'is a symbolic link loop' : `cannot be read (${code ?? String(error)})`;
    throw new UserError(`Artifact path "${relative}" in ${root} ${why}.`);
  }
  if (pathInside(realRoot, real) === null) {
    throw new UserError(`Artifact path "${relative}" leads outside the artifact folder ${root} (to ${real}) through a symbolic link; it is not read.`);
  }
  return real;
}

/** The real path of `file`, which may not exist yet: its nearest existing parent's real path joined with the rest. */
export function realPathOfMaybeMissing(file: string): string {
  const rest: string[] = [];
  let at = path.resolve(file);
  for (;;) {
    try {
      return path.join(fs.realpathSync(at), ...rest.reverse());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = path.dirname(at);
      if (parent === at) return path.join(at, ...rest.reverse());
      rest.push(path.basename(at));
      at = parent;
    }
  }
}
