import * as fs from 'node:fs';
import * as path from 'node:path';

export const STORE_DIR_NAME = '.modelledger';
export const STORE_FILE_NAME = 'ledger.db';

export function storeDir(workspaceFolder: string): string {
  return path.join(workspaceFolder, STORE_DIR_NAME);
}

export function storePath(workspaceFolder: string): string {
  return path.join(storeDir(workspaceFolder), STORE_FILE_NAME);
}

/** The nearest folder at or above `start` that holds a store, or `start` itself when none does. */
export function findWorkspaceFolder(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(storePath(dir))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}
