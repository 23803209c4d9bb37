import * as path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import type { ChangedFile, ChangedFileStatus } from '../core/changedFiles';
import { errorMessage, UserError } from '../core/errors';

/** git's status letters in words; an unmerged (U) or unknown (X) change reads as a modification. */
const STATUS: Record<string, ChangedFileStatus> = {
  A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'typeChanged', U: 'modified', X: 'modified',
};

/**
 * Who and when, as git itself reads them: set, they override user.name / user.email and the clock
 * for the commits and tags written here (gto's create_tag sets the tagger this way). simple-git
 * passes no other GIT_* variable of the environment on to git.
 */
export const GIT_IDENTITY_ENVIRONMENT: readonly string[] = ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_AUTHOR_DATE', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_COMMITTER_DATE'];

/** This process's environment as simple-git passes it to git: no GIT_* variable but the identity ones (a GIT_DIR set by a hook would point git elsewhere). */
export function gitEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_') || GIT_IDENTITY_ENVIRONMENT.includes(name)));
}

/**
 * One git repository, through simple-git. Every argument that comes from a person is checked
 * before it gets here (see core/gto.ts) and is never in an option's place: refs and paths follow
 * `--end-of-options` or `--`.
 */
export class GitRepo {
  private commonDirAsked?: Promise<string>;

  private constructor(
    /** The repository's top folder (`git rev-parse --show-toplevel`). */
    readonly root: string,
    readonly git: SimpleGit,
  ) {}

  /** The repository that holds `dir`, or null when there is none (or no git). */
  static async find(dir: string): Promise<GitRepo | null> {
    const probe = simpleGit({ baseDir: dir });
    let top: string;
    try {
      top = (await probe.raw(['rev-parse', '--show-toplevel'])).trim();
    } catch {
      return null;
    }
    if (top === '') return null; // a bare repository, or inside .git
    return new GitRepo(path.resolve(top), simpleGit({ baseDir: top, trimmed: false, allowEnvironment: GIT_IDENTITY_ENVIRONMENT }));
  }

  static async open(dir: string): Promise<GitRepo> {
    const repo = await GitRepo.find(dir);
    if (repo) return repo;
    if (!(await gitInstalled())) throw new UserError('git is not installed (or not on PATH); the model registry lives in git tags.');
    throw new UserError(`${dir} is not in a git repository; the model registry lives in git tags (run "git init" first).`);
  }

  /** The folder holding the refs every worktree shares (`git rev-parse --git-common-dir`), asked once. */
  commonDir(): Promise<string> {
    // Relative to the root unless git answers with an absolute path (--path-format needs git 2.31).
    this.commonDirAsked ??= this.git.raw(['rev-parse', '--git-common-dir']).then(
      (out) => path.resolve(this.root, out.trim()),
      (error: unknown) => {
        this.commonDirAsked = undefined; // asked again next time: the failure may pass (a lock, a checkout under way)
        throw error;
      },
    );
    return this.commonDirAsked;
  }

  /** The commit HEAD points at; null in a repository with no commit yet. */
  async head(): Promise<string | null> {
    return (await this.git.raw(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])).trim() || null;
  }

  /** The current branch; null when HEAD is detached (or unborn). */
  async branch(): Promise<string | null> {
    const ref = (await this.git.raw(['symbolic-ref', '--quiet', 'HEAD'])).trim();
    return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
  }

  async isShallow(): Promise<boolean> {
    return (await this.git.raw(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
  }

  /**
   * Tracked files with uncommitted changes (staged or not). Untracked files do not count: the
   * artifact being registered is usually one, and it does not change the commit's code.
   */
  async changedTrackedFiles(): Promise<string[]> {
    // --no-optional-locks: never take the index lock from under the user's own git.
    const out = await this.git.raw(['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=no']);
    const files: string[] = [];
    const entries = out.split('\0');
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      if (entry.length < 4) continue;
      files.push(entry.slice(3));
      if (entry[0] === 'R' || entry[0] === 'C') i++; // a rename's source follows it
    }
    return files;
  }

  /** The full hash of the commit `rev` names; null when there is no such commit here. */
  async resolveCommit(rev: string): Promise<string | null> {
    assertSafeArgument('Commit', rev);
    try {
      return (await this.git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).trim() || null;
    } catch {
      return null;
    }
  }

  /**
   * A file's content at a commit; null when the commit has no such file (a file added or deleted
   * between two commits). Throws when the commit itself is not in this repository.
   */
  async fileAt(commit: string, file: string): Promise<string | null> {
    assertSafeArgument('Commit', commit);
    const blob = (await this.git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${commit}:${file}`]).catch(() => '')).trim();
    if (blob !== '') return this.git.raw(['cat-file', 'blob', blob]);
    if ((await this.resolveCommit(commit)) === null) throw new UserError(`Commit ${commit} is not in the repository at ${this.root}.`);
    return null;
  }

  /**
   * "Name <email>" of whoever git will record as the tagger, from git config (or git's own
   * fallbacks). Throws a UserError when git has no identity to write.
   */
  async identity(): Promise<string> {
    let ident: string;
    try {
      ident = await this.git.raw(['var', 'GIT_COMMITTER_IDENT']);
    } catch (error) {
      throw new UserError(`git does not know who you are (${firstLine(errorMessage(error))}); set git config user.name and user.email.`);
    }
    const m = /^(.*?) <(.*)> \d+ [+-]\d{4}\s*$/.exec(ident);
    return m ? `${m[1]} <${m[2]}>` : ident.trim();
  }

  /** Adds a worktree at `dir` with `commit` checked out (detached). */
  async addWorktree(dir: string, commit: string): Promise<void> {
    try {
      await this.git.raw(['worktree', 'add', '--detach', '--end-of-options', dir, commit]);
    } catch (error) {
      throw new UserError(`git could not add a worktree at ${dir}: ${firstLine(errorMessage(error))}`);
    }
  }

  /** Adds a worktree at `dir` on a new branch `branch` that starts at `commit`. */
  async addWorktreeOnBranch(dir: string, branch: string, commit: string): Promise<void> {
    assertSafeArgument('Branch', branch);
    try {
      await this.git.raw(['worktree', 'add', '-b', branch, '--end-of-options', dir, commit]);
    } catch (error) {
      throw new UserError(`git could not add a worktree on branch ${branch} at ${dir}: ${firstLine(errorMessage(error))}`);
    }
  }

  /** Makes branch `branch` at `commit` and checks it out in this working tree. */
  async switchToNewBranch(branch: string, commit: string): Promise<void> {
    assertSafeArgument('Branch', branch);
    try {
      await this.git.raw(['switch', '--create', branch, '--end-of-options', commit]);
    } catch (error) {
      throw new UserError(`git could not switch to a new branch ${branch} at ${commit.slice(0, 8)}: ${firstLine(errorMessage(error))}`);
    }
  }

  /** Whether a local branch of that name exists. */
  async hasBranch(branch: string): Promise<boolean> {
    assertSafeArgument('Branch', branch);
    return (await this.git.raw(['branch', '--list', '--end-of-options', branch])).trim() !== '';
  }

  /** Whether git accepts `name` as a branch name (`git check-ref-format --branch`). */
  async isBranchName(name: string): Promise<boolean> {
    if (name === '' || name.startsWith('-')) return false;
    try {
      await this.git.raw(['check-ref-format', '--branch', name]);
      return true;
    } catch {
      return false; // its answer: it exits non-zero on a name it refuses
    }
  }

  async removeWorktree(dir: string, force: boolean): Promise<void> {
    try {
      await this.git.raw(['worktree', 'remove', ...(force ? ['--force'] : []), '--end-of-options', dir]);
    } catch (error) {
      throw new UserError(`git could not remove the worktree at ${dir}: ${firstLine(errorMessage(error))}`);
    }
  }

  /** The folders of this repository's worktrees (the main one included). */
  async worktrees(): Promise<string[]> {
    const out = await this.git.raw(['worktree', 'list', '--porcelain', '-z']);
    return out
      .split('\0')
      .filter((line) => line.startsWith('worktree '))
      .map((line) => path.resolve(line.slice('worktree '.length)));
  }

  /** Files that differ between two commits, renames detected. */
  async changedFiles(from: string, to: string): Promise<ChangedFile[]> {
    const out = await this.git.raw(['diff', '--name-status', '-z', '-M', '--end-of-options', from, to, '--']);
    const tokens = out.split('\0');
    const files: ChangedFile[] = [];
    for (let i = 0; i < tokens.length - 1; ) {
      const code = tokens[i++]!;
      const status = STATUS[code[0]!] ?? 'modified';
      if (status === 'renamed' || status === 'copied') {
        files.push({ status, path: tokens[i + 1]!, oldPath: tokens[i]! });
        i += 2;
      } else {
        files.push({ status, path: tokens[i++]!, oldPath: null });
      }
    }
    return files;
  }
}

async function gitInstalled(): Promise<boolean> {
  try {
    await simpleGit().raw(['--version']);
    return true;
  } catch {
    return false;
  }
}

/** Refuses text that git could read as an option or that holds control characters. */
export function assertSafeArgument(kind: string, value: string): void {
  // eslint-disable-next-line no-control-regex
  if (value === '' || value.startsWith('-') || /[\s\u0000-\u001f\u007f]/.test(value)) {
    throw new UserError(`${kind} ${JSON.stringify(value)} is not something git can look up (empty, starts with "-", or holds spaces).`);
  }
}

export function firstLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('hint:'));
  return (lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? 'unknown error').replace(/^(fatal|error):\s*/, '');
}
