import { simpleGit } from 'simple-git';
import type { GitState } from '../core/types';

/** HEAD commit, branch (null when detached) and whether the tree has uncommitted changes; null outside a repository. */
export async function readGitState(dir: string): Promise<GitState | null> {
  const git = simpleGit({ baseDir: dir });
  if (!(await git.checkIsRepo().catch(() => false))) return null;
  const commit = await git.revparse(['HEAD']).catch(() => null);
  if (!commit) return null;
  const status = await git.status();
  return { commit: commit.trim(), branch: status.detached ? null : status.current, dirty: !status.isClean() };
}

/** "Name <email>" from git config, the actor recorded in the audit log; null when unset. */
export async function readGitActor(dir: string): Promise<string | null> {
  const git = simpleGit({ baseDir: dir });
  const name = (await git.getConfig('user.name')).value;
  const email = (await git.getConfig('user.email')).value;
  if (!name && !email) return null;
  return email ? `${name ?? ''} <${email}>`.trim() : name;
}
