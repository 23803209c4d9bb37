import { simpleGit } from 'simple-git';

/** The folders git keeps a checkout's state in. */
export interface GitDirs {
  /** This worktree's own git folder, where its HEAD lives. */
  gitDir: string;
  /** The folder where git keeps refs shared by every worktree (`git rev-parse --git-common-dir`). */
  commonDir: string;
}

/** The git folders of the repository holding `dir`; null when `dir` is in none. Throws when git itself fails (not installed, say). */
export async function gitDirsOf(dir: string): Promise<GitDirs | null> {
  const git = simpleGit({ baseDir: dir });
  if (!(await git.checkIsRepo())) return null;
  const [gitDir, commonDir] = (await git.revparse(['--path-format=absolute', '--absolute-git-dir', '--git-common-dir'])).trim().split('\n');
  return gitDir && commonDir ? { gitDir, commonDir } : null;
}
