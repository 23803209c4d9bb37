import * as fs from 'node:fs';
import * as path from 'node:path';

/** Names that mark a run source (or the folder right above one) by themselves. */
const HINT_NAMES = new Set(['.modelledger', 'mlruns', 'mlflow.db', 'dvclive', 'dvc.yaml']);
/** Folders never looked into: they are huge and hold no runs. */
const SKIP = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__']);

/**
 * Whether a workspace folder looks like it holds runs, read cheaply enough to ask at start-up in
 * every workspace: the folder and its children are listed (two levels, no deeper walk), looking
 * for `.modelledger/`, `mlruns/`, `mlflow.db`, `dvclive/` or `dvc.yaml`. A source deeper down is
 * found by the full discovery, which runs when a Model Ledger view is first shown.
 */
export function hasSourceHints(folder: string): boolean {
  const top = listNames(folder);
  if (top.some((name) => HINT_NAMES.has(name))) return true;
  return top.some((name) => !SKIP.has(name) && listNames(path.join(folder, name)).some((child) => HINT_NAMES.has(child)));
}

/** The names in a folder; none for a file or a folder that cannot be listed (the full discovery reports those). */
function listNames(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'ENOENT' || code === 'EACCES' || code === 'EPERM') return [];
    throw error;
  }
}
