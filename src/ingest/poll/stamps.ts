import * as fs from 'node:fs';
import * as path from 'node:path';

/** What a poll compares of one file or folder: its size and modification time. */
export function statStamp(stat: fs.Stats): string {
  return `${stat.size}:${stat.mtimeMs}`;
}

/** A file's or folder's stamp, or null when it is not there (or cannot be read). */
export function stampOf(target: string): string | null {
  try {
    return statStamp(fs.statSync(target));
  } catch {
    return null;
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
    parts.push(`${target}=${statStamp(stat)}`);
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
