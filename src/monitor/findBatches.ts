import * as fs from 'node:fs';
import * as path from 'node:path';
import { globBase, globIsDeep, globToRegExp } from '../core/monitor/batchGlob';
import { fileErrorCode } from '../core/fileErrors';

/** Folders a glob never looks into: tools' own, never data batches. */
const SKIPPED_FOLDERS = new Set(['.git', '.modelledger', 'node_modules']);

/**
 * The files of the workspace a monitor.yaml glob names, workspace-relative with `/`, oldest first
 * (by modification time, then name): batches are checked in the order they landed. Only the
 * glob's fixed folder is walked, and below it only when the glob reaches deeper.
 */
export async function findBatches(workspace: string, glob: string): Promise<string[]> {
  const pattern = globToRegExp(glob);
  const base = globBase(glob);
  const deep = globIsDeep(glob);
  const found: { rel: string; mtimeMs: number }[] = [];
  const visit = async (relDir: string): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(path.join(workspace, relDir), { withFileTypes: true });
    } catch (error) {
      // A batch folder that does not exist yet has no batches.
      if (fileErrorCode(error) === 'ENOENT' || fileErrorCode(error) === 'ENOTDIR') return;
      throw error;
    }
    for (const entry of entries) {
      const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (deep && !SKIPPED_FOLDERS.has(entry.name)) await visit(rel);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && pattern.test(rel)) {
        const stat = await fs.promises.stat(path.join(workspace, rel)).catch((error: unknown) => {
          // A dangling link or a file removed since the listing is no batch.
          if (fileErrorCode(error) === 'ENOENT') return null;
          throw error;
        });
        if (stat?.isFile()) found.push({ rel, mtimeMs: stat.mtimeMs });
      }
    }
  };
  await visit(base);
  return found.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0)).map((f) => f.rel);
}

/** Whether a workspace-relative path (with `/`) is one the glob names. */
export function isBatchOf(glob: string, rel: string): boolean {
  return globToRegExp(glob).test(rel);
}
