import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathInside } from '../core/pathInside';

/** Folders deeper than this are not granted (nor walked): no logger writes them. */
const MAX_DEPTH = 12;

/**
 * The paths under `target` (a folder or a file) that a webview may be allowed to load from without
 * reaching outside `realRoot`. VS Code matches a resource root by path prefix and its loader
 * follows symbolic links, so a folder that holds a link leading out (or a link to a folder, or a
 * broken one) is never granted whole: its plain files, its links to files inside, and its
 * subfolders without such links are. `target` itself when nothing under it leads out.
 */
export function resourceRootsWithin(target: string, realRoot: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  if (stat.isSymbolicLink()) return linkedFileInside(target, realRoot) ? [target] : [];
  if (!stat.isDirectory()) return [target];
  return walk(target, realRoot, 0).grants;
}

function walk(folder: string, realRoot: string, depth: number): { clean: boolean; grants: string[] } {
  if (depth > MAX_DEPTH) return { clean: false, grants: [] };
  const grants: string[] = [];
  let clean = true;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const child = path.join(folder, entry.name);
    if (entry.isSymbolicLink()) {
      if (linkedFileInside(child, realRoot)) grants.push(child);
      else clean = false;
    } else if (entry.isDirectory()) {
      const sub = walk(child, realRoot, depth + 1);
      clean &&= sub.clean;
      grants.push(...(sub.clean ? [child] : sub.grants));
    } else {
      grants.push(child);
    }
  }
  return clean ? { clean, grants: [folder] } : { clean, grants };
}

/** Whether a link leads to a file (not a folder) whose real path is inside `realRoot`. */
function linkedFileInside(link: string, realRoot: string): boolean {
  let real: string;
  try {
    real = fs.realpathSync(link);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP') return false;
    throw error;
  }
  return pathInside(realRoot, real) !== null && fs.statSync(real).isFile();
}
