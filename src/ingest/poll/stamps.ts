import * as fs from 'node:fs';
import * as path from 'node:path';

/** A file's or folder's size and modification time, or null when it is not there (or cannot be read). */
export function stampOf(target: string): string | null {
  try {
    const stat = fs.statSync(target);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
}

/** The names of a folder's subfolders (symbolic links not followed); empty when it cannot be listed. */
export function childFolderNames(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/**
 * The stamps of a file, or of a folder and everything in it, in one string. At most `limit`
 * entries are stamped, so a folder that grew huge costs a bounded amount per poll.
 */
export function treeStamp(root: string, limit: number): string {
  const parts: string[] = [];
  const visit = (target: string, depth: number) => {
    if (parts.length >= limit) return;
    const stamp = stampOf(target);
    parts.push(`${target}=${stamp}`);
    if (stamp === null || depth === 0) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(target, { withFileTypes: true });
    } catch {
      return; // a file, or a folder that cannot be listed: its own stamp stands for it
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory() || entry.isFile()) visit(path.join(target, entry.name), depth - 1);
    }
  };
  visit(root, 8);
  return parts.join('\n');
}
