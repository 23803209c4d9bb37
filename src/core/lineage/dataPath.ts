import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathInside } from '../pathInside';

/**
 * Where a dataset path, as a tag or a run records it, is on this machine: a path relative to the
 * repository root, an absolute path, or a `file:` URI. Null for what names no local file (an
 * `s3://` or `https://` URI, MLflow's `name@digest`, a table).
 */
export function localDataPath(root: string, recorded: string): string | null {
  if (/^file:/i.test(recorded)) {
    try {
      return fileURLToPath(recorded);
    } catch {
      return null; // a file: URI of another host (file://server/…): not here
    }
  }
  if (/^[a-z][a-z0-9+.-]+:/i.test(recorded) && !/^[a-z]:[\\/]/i.test(recorded)) return null; // a URI scheme, not a drive letter
  return path.resolve(root, recorded);
}

/** How a dataset's path goes into a tag: relative to the root with `/` when inside it, else absolute. */
export function recordedDataPath(root: string, file: string): string {
  const inside = pathInside(root, file);
  return inside === null || inside === '' ? file : inside.split(path.sep).join('/');
}
