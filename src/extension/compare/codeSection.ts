import * as vscode from 'vscode';
import { shortCommit } from '../../common/format';
import type { Run } from '../../core/types';
import type { CodeProblem, CodeRun, RunCodeComparer, RunCodeComparison } from '../../git/runCode';
import type { CodeSection, CompareRun } from '../../protocol/compare';

/** The two runs the code section compares: the baseline (first column) and the chosen run, else the second column. */
export function codePair(runs: readonly CompareRun[], codeRunId: string | null): [string, string] | null {
  if (runs.length < 2) return null;
  const base = runs[0]!.id;
  const other = codeRunId !== null && codeRunId !== base && runs.some((r) => r.id === codeRunId) ? codeRunId : runs[1]!.id;
  return [base, other];
}

/**
 * The code section of a panel: git works in the background while the panel shows `loading`, and
 * `onDidLoad` fires when the answer is in. The answer is kept while the two runs and what they
 * recorded of their code stay the same.
 */
export class CodeSectionSource {
  private key = '';
  private answer: RunCodeComparison | undefined;

  constructor(
    private readonly comparer: RunCodeComparer,
    private readonly folder: string,
    private readonly onDidLoad: () => void,
  ) {}

  /** The git answer behind the section last returned, once loaded. */
  get current(): RunCodeComparison | undefined {
    return this.answer;
  }

  /** `names`: each run's label as the panel shows it (with its qualifier), for the problems' words. */
  section(base: Run, other: Run, names: ReadonlyMap<string, string>): CodeSection {
    const [a, b] = [codeRun(base), codeRun(other)];
    const key = JSON.stringify([a, b]);
    if (key !== this.key) {
      this.key = key;
      this.answer = undefined;
      void this.comparer.compare(this.folder, a, b).then((answer) => {
        if (this.key !== key) return;
        this.answer = answer;
        this.onDidLoad();
      });
    }
    if (!this.answer) {
      return {
        baseRunId: a.id, otherRunId: b.id, from: { runId: a.id, commit: a.commit }, to: { runId: b.id, commit: b.commit },
        status: 'loading', files: [], problems: [], dirtyRunIds: [],
      };
    }
    const { from, to, status, files, problems, dirtyRunIds } = this.answer;
    return { baseRunId: a.id, otherRunId: b.id, from, to, status, files, problems: problems.map((p) => problemText(p, names)), dirtyRunIds };
  }
}

function codeRun(run: Run): CodeRun {
  return { id: run.id, commit: run.git?.commit ?? null, dirty: run.git?.dirty ?? false, startTime: run.startTime };
}

function problemText(problem: CodeProblem, names: ReadonlyMap<string, string>): string {
  const name = (runId: string) => names.get(runId) ?? runId;
  switch (problem.kind) {
    case 'noCommit':
      return vscode.l10n.t('Run {0} recorded no git commit.', name(problem.runId));
    case 'noCommits':
      return vscode.l10n.t('Neither run recorded a git commit, so their code cannot be compared.');
    case 'notRepository':
      return vscode.l10n.t('This folder is not in a git repository, so the runs’ code cannot be compared.');
    case 'unknownCommit':
      return vscode.l10n.t('Commit {0} of run {1} is not in this repository; fetch it to compare the code.', shortCommit(problem.commit), name(problem.runId));
    case 'sameCommit':
      return vscode.l10n.t('Same commit {0}: no code differences.', shortCommit(problem.commit));
    case 'gitFailed':
      return vscode.l10n.t('git could not compare the commits: {0}', problem.message);
    default: {
      const unhandled: never = problem;
      return unhandled;
    }
  }
}
