import { errorMessage } from '../core/errors';
import type { ChangedFile } from '../core/changedFiles';
import { GitRepo } from './repo';

/** What a run recorded of its code. */
export interface CodeRun {
  id: string;
  /** null: the run recorded no commit. */
  commit: string | null;
  dirty: boolean;
  startTime: number | null;
}

/** Why two runs' code cannot be compared (or why there is nothing to show); the extension puts them in words. */
export type CodeProblem =
  | { kind: 'noCommit'; runId: string }
  | { kind: 'noCommits' }
  | { kind: 'notRepository' }
  | { kind: 'unknownCommit'; runId: string; commit: string }
  | { kind: 'sameCommit'; commit: string }
  | { kind: 'gitFailed'; message: string };

export interface RunCodeComparison {
  /** The repository's top folder; null without one. */
  root: string | null;
  /** Older first; full commit ids once resolved, else what the run recorded. */
  from: { runId: string; commit: string | null };
  to: { runId: string; commit: string | null };
  status: 'ready' | 'unavailable';
  files: ChangedFile[];
  problems: CodeProblem[];
  dirtyRunIds: string[];
}

/** A commit a run can record: hex digits, so a name like HEAD or an option never reaches git. */
const COMMIT_ID = /^[0-9a-f]{4,64}$/i;

/**
 * The code of two runs: which commit is older and the files changed from it to the newer one.
 * Two commits' order and diff never change, so both are kept per commit pair; a commit that is
 * not found is asked again next time (it may have been fetched since).
 */
export class RunCodeComparer {
  private readonly older = new Map<string, Promise<string | null>>();
  private readonly diffs = new Map<string, Promise<ChangedFile[]>>();

  async compare(folder: string, a: CodeRun, b: CodeRun): Promise<RunCodeComparison> {
    const [first, second] = startedFirst(a, b) ? [a, b] : [b, a];
    const result: RunCodeComparison = {
      root: null,
      from: { runId: first.id, commit: first.commit },
      to: { runId: second.id, commit: second.commit },
      status: 'unavailable',
      files: [],
      problems: a.commit === null && b.commit === null ? [{ kind: 'noCommits' }] : [first, second].filter((r) => r.commit === null).map((r) => ({ kind: 'noCommit', runId: r.id })),
      dirtyRunIds: [a, b].filter((r) => r.dirty).map((r) => r.id),
    };
    if (a.commit === null && b.commit === null) return result;
    // The same recorded commit is the same code, whether or not this repository has it.
    if (a.commit !== null && a.commit.toLowerCase() === b.commit?.toLowerCase()) return { ...result, status: 'ready', problems: [{ kind: 'sameCommit', commit: a.commit }] };
    try {
      const repo = await GitRepo.find(folder);
      if (!repo) return { ...result, problems: [...result.problems, { kind: 'notRepository' }] };
      result.root = repo.root;
      const [ca, cb] = await Promise.all([resolve(repo, a), resolve(repo, b)]);
      for (const [run, commit] of [[a, ca], [b, cb]] as const) {
        if (run.commit !== null && commit === null) result.problems.push({ kind: 'unknownCommit', runId: run.id, commit: run.commit });
      }
      if (ca === null || cb === null) return result;
      if (ca === cb) return { ...result, from: { runId: first.id, commit: ca }, to: { runId: second.id, commit: cb }, status: 'ready', problems: [{ kind: 'sameCommit', commit: ca }] };
      const olderCommit = await this.olderOf(repo, ca, cb);
      const aFirst = olderCommit === null ? first === a : olderCommit === ca;
      const [from, to] = aFirst ? [{ runId: a.id, commit: ca }, { runId: b.id, commit: cb }] : [{ runId: b.id, commit: cb }, { runId: a.id, commit: ca }];
      return { ...result, from, to, status: 'ready', files: await this.changedFiles(repo, from.commit, to.commit) };
    } catch (error) {
      return { ...result, problems: [...result.problems, { kind: 'gitFailed', message: errorMessage(error) }] };
    }
  }

  /** The ancestor of the two; else the one committed first; null when git cannot tell. */
  private olderOf(repo: GitRepo, x: string, y: string): Promise<string | null> {
    const [p, q] = x < y ? [x, y] : [y, x];
    return cached(this.older, `${repo.root}\0${p}\0${q}`, async () => {
      // The merge base of an ancestor and its descendant is the ancestor (exit codes do not reach us through simple-git).
      const base = (await repo.git.raw(['merge-base', '--end-of-options', p, q])).trim();
      if (base === p || base === q) return base;
      const [tp, tq] = await Promise.all([commitTime(repo, p), commitTime(repo, q)]);
      return tp === tq ? null : tp < tq ? p : q;
    });
  }

  private changedFiles(repo: GitRepo, from: string, to: string): Promise<ChangedFile[]> {
    return cached(this.diffs, `${repo.root}\0${from}\0${to}`, () => repo.changedFiles(from, to));
  }
}

/** a started before b, or nothing says otherwise. */
function startedFirst(a: CodeRun, b: CodeRun): boolean {
  return a.startTime === null || b.startTime === null || a.startTime <= b.startTime;
}

async function resolve(repo: GitRepo, run: CodeRun): Promise<string | null> {
  if (run.commit === null || !COMMIT_ID.test(run.commit)) return null;
  return repo.resolveCommit(run.commit).catch(() => null);
}

async function commitTime(repo: GitRepo, commit: string): Promise<number> {
  return Number((await repo.git.raw(['log', '-1', '--format=%ct', '--end-of-options', commit, '--'])).trim());
}

/** A settled answer is kept; a failed one is forgotten, so the next call asks git again. */
function cached<T>(cache: Map<string, Promise<T>>, key: string, compute: () => Promise<T>): Promise<T> {
  let answer = cache.get(key);
  if (!answer) {
    answer = compute();
    cache.set(key, answer);
    answer.catch(() => cache.delete(key));
  }
  return answer;
}
