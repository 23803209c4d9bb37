import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { pathInside } from '../core/pathInside';
import type { GitRepo } from '../git/repo';
import { requireCommit } from './commits';

/**
 * Worktrees of registered versions live under `.modelledger/worktrees/<model>-<version>`, beside
 * the store: inside the workspace (so a new window can open them) and ignored by git (the
 * store folder's own .gitignore ignores everything in it).
 */
export function worktreesRoot(storeFile: string): string {
  return path.join(path.dirname(storeFile), 'worktrees');
}

/**
 * The folder name of a version's worktree: `/` becomes `+` and `:` becomes `=`, characters GTO
 * names never hold, so `team/churn` and `team_churn` get folders of their own.
 */
export function worktreeFolderName(model: string, version: string): string {
  return `${model.replace(/\//g, '+').replace(':', '=')}-${version}`;
}

/** Checks out `commit` in a worktree at `dir` (kept when it is one already); returns `dir`. */
export async function openWorktree(repo: GitRepo, dir: string, commit: string, what: string): Promise<string> {
  if ((await repo.worktrees()).includes(realPath(dir))) return dir;
  if (fs.existsSync(dir)) throw new UserError(`${dir} exists and is not a git worktree; move it away first.`);
  const sha = await requireCommit(repo, commit, `Commit ${commit.slice(0, 8)} of ${what}`);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  await repo.addWorktree(dir, sha);
  return dir;
}

/** Removes a worktree made by openWorktree; anything else is refused. */
export async function removeWorktree(repo: GitRepo, root: string, dir: string, force: boolean): Promise<void> {
  const resolved = realPath(dir);
  const rel = pathInside(realPath(root), resolved);
  if (rel === null || rel === '') {
    throw new UserError(`${dir} is not a Model Ledger worktree (those are under ${root}).`);
  }
  if (!(await repo.worktrees()).includes(resolved)) throw new UserError(`${dir} is not a git worktree of this repository.`);
  await repo.removeWorktree(resolved, force);
}

/** The path with symbolic links resolved as far as it exists (git lists worktrees by real path). */
function realPath(p: string): string {
  const resolved = path.resolve(p);
  if (fs.existsSync(resolved)) return fs.realpathSync(resolved);
  const parent = path.dirname(resolved);
  return parent === resolved ? resolved : path.join(realPath(parent), path.basename(resolved));
}
