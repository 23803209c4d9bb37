import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { shortCommit } from '../../common/format';
import { GitRepo } from '../../git/repo';
import { gitFileUri } from '../registry/gitContentProvider';
import type { RunTarget } from './runTargets';

/** git's empty tree: what a root commit is compared with. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export interface OpenedCommit {
  commit: string;
  files: string[];
}

/** "Open Commit": the changes of the run's commit against its parent, in VS Code's multi-file diff editor. */
export async function openRunCommit(target: RunTarget & { runId: string }): Promise<OpenedCommit | undefined> {
  const run = target.store.runs.get(target.runId);
  if (!run?.git) throw new UserError(vscode.l10n.t('Run {0} has no recorded git commit.', run?.name ?? target.runId));
  const repo = await GitRepo.find(target.folder.uri.fsPath);
  if (!repo) throw new UserError(vscode.l10n.t('{0} is not in a git repository, so commit {1} cannot be shown.', target.folder.name, shortCommit(run.git.commit)));
  const commit = await repo.resolveCommit(run.git.commit);
  if (!commit) throw new UserError(vscode.l10n.t('Commit {0} of run {1} is not in this repository; fetch it first.', shortCommit(run.git.commit), run.name));
  const parent = (await repo.resolveCommit(`${commit}^`)) ?? EMPTY_TREE;
  const files = await repo.changedFiles(parent, commit);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Commit {0} changed no file.', shortCommit(commit)));
    return { commit, files: [] };
  }
  const resources = files.map((file) => {
    const after = gitFileUri({ repo: repo.root, commit, path: file.path });
    return [after, gitFileUri({ repo: repo.root, commit: parent, path: file.oldPath ?? file.path }), after];
  });
  await vscode.commands.executeCommand('vscode.changes', vscode.l10n.t('Commit {0} (run {1})', shortCommit(commit), run.name), resources);
  return { commit, files: files.map((f) => f.path) };
}
