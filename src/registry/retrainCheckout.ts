import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import type { GitRepo } from '../git/repo';
import { requireCommit } from './commits';
import { worktreeFolderName, worktreesRoot } from './worktrees';

/** Where a retraining runs: a new worktree beside the store, or a new branch in this working tree. */
export type RetrainCheckoutKind = 'worktree' | 'branch';

export interface RetrainCheckoutInput {
  kind: RetrainCheckoutKind;
  model: string;
  version: string;
  commit: string;
  storeFile: string;
  /** The branch to create; by default `retrain/<model>-<version>`, numbered when taken. */
  branch?: string;
}

export interface RetrainCheckout {
  kind: RetrainCheckoutKind;
  /** The folder the training runs in: the worktree, or the repository's top folder. */
  dir: string;
  branch: string;
  commit: string;
}

/** Past this many taken names the user has old retrain branches to clean up, not a need for more. */
const MAX_SUFFIX = 100;

/**
 * Checks out a version's commit on a new branch to retrain it. A worktree leaves the user's working
 * tree alone and lives under `.modelledger/worktrees/` ("Remove Worktree…" removes it); a branch
 * here is refused while tracked files have uncommitted changes, which switching would carry over.
 */
export async function retrainCheckout(repo: GitRepo, input: RetrainCheckoutInput): Promise<RetrainCheckout> {
  const what = `${input.model} ${input.version}`;
  const commit = await requireCommit(repo, input.commit, `Commit ${input.commit.slice(0, 8)} of ${what}`);
  const branch = input.branch ?? (await freeBranchName(repo, `retrain/${input.model}-${input.version}`));
  if (!(await repo.isBranchName(branch))) throw new UserError(`"${branch}" is not a branch name git accepts; choose another.`);
  if (await repo.hasBranch(branch)) throw new UserError(`A branch named ${branch} exists already; choose another name or delete it.`);
  if (input.kind === 'branch') {
    const changed = await repo.changedTrackedFiles();
    if (changed.length > 0) {
      throw new UserError(`${changed.length === 1 ? `${changed[0]} has` : `${changed.length} tracked files have`} uncommitted changes; commit or stash them before switching to ${branch}, or retrain in a worktree.`);
    }
    await repo.switchToNewBranch(branch, commit);
    return { kind: 'branch', dir: repo.root, branch, commit };
  }
  const dir = freeFolder(path.join(worktreesRoot(input.storeFile), `${worktreeFolderName(input.model, input.version)}-retrain`));
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  await repo.addWorktreeOnBranch(dir, branch, commit);
  return { kind: 'worktree', dir, branch, commit };
}

async function freeBranchName(repo: GitRepo, base: string): Promise<string> {
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!(await repo.hasBranch(name))) return name;
  }
  throw new UserError(`The branches ${base} to ${base}-${MAX_SUFFIX} all exist; delete the old ones first.`);
}

function freeFolder(base: string): string {
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    if (!fs.existsSync(dir)) return dir;
  }
  throw new UserError(`The folders ${base} to ${base}-${MAX_SUFFIX} all exist; remove the old worktrees first.`);
}
