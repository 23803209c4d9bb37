import { UserError } from '../core/errors';
import type { GitRepo } from '../git/repo';

/** "<what> is not in this repository", with the likely reason: a shallow clone, or history rewritten. */
export async function missingCommitMessage(repo: GitRepo, what: string): Promise<string> {
  if (await repo.isShallow()) {
    return `${what} is not in this shallow clone; fetch the history with "git fetch --unshallow" (and --tags).`;
  }
  return `${what} is not in this repository (rebased or deleted, or not fetched yet).`;
}

/** The commit, when this repository has it; a UserError naming `what` and why otherwise. */
export async function requireCommit(repo: GitRepo, commit: string, what: string): Promise<string> {
  const sha = await repo.resolveCommit(commit);
  if (!sha) throw new UserError(await missingCommitMessage(repo, what));
  return sha;
}
