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

export interface TreeStamp {
  /** Every entry's path, size and modification time. */
  text: string;
  /** The latest modification time among them (0 when none is there). */
  newestMs: number;
}

/**
 * The stamps of files, or of folders and everything in them, in one string. At most `limit`
 * entries are stamped, so a folder that grew huge costs a bounded amount per poll.
 */
export function treeStamp(roots: readonly string[], limit: number): TreeStamp {
  const parts: string[] = [];
  let newestMs = 0;
  const visit = (target: string, depth: number) => {
    if (parts.length >= limit) return;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      parts.push(`${target}=none`);
      return;
    }
    parts.push(`${target}=${stat.size}:${stat.mtimeMs}`);
    newestMs = Math.max(newestMs, stat.mtimeMs);
    if (!stat.isDirectory() || depth === 0) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(target, { withFileTypes: true });
    } catch {
      return; // its own stamp stands for it
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory() || entry.isFile()) visit(path.join(target, entry.name), depth - 1);
    }
  };
  for (const root of roots) visit(root, 8);
  return { text: parts.join('\n'), newestMs };
}
