import * as path from 'node:path';

/**
 * `target`'s path relative to `root` when it lies inside it ('' for root itself), or null when it
 * lies outside. A name that merely starts with ".." (`..cache`) is inside; compare real paths
 * (fs.realpathSync) where links may lead out.
 */
export function pathInside(root: string, target: string): string | null {
  const relative = path.relative(root, target);
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return outside ? null : relative;
}
