import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasSourceHints } from '../../ingest/sourceHints';

/**
 * Whether the features must load with no view shown, because they show something of their own:
 * a folder in a git repository has the registry's HEAD status bar, review notices, health alerts
 * and batch monitoring; a folder with run sources at a glance is imported right away, as it always
 * was. Any other workspace loads nothing until a view, a command or a panel asks. Cheap enough
 * for every window: a few stat and readdir calls, no git process.
 */
export function needsBackgroundStart(folders: readonly string[]): boolean {
  return folders.some((folder) => inGitRepository(folder) || hasSourceHints(folder));
}

/** A `.git` (folder, or file of a worktree) in the folder or above, where git itself would look. */
function inGitRepository(folder: string): boolean {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}
