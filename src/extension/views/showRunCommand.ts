import * as vscode from 'vscode';

/**
 * The command of a tree row that names a run: a click shows the run's details in the preview tab
 * and leaves the focus in the tree; a double-click (the command twice in a row) keeps the tab
 * open and moves the focus to it, as VS Code's Explorer opens files.
 */
export function showRunCommand(folder: vscode.WorkspaceFolder, runId: string): vscode.Command {
  return { command: 'modelLedger.showRun', title: vscode.l10n.t('Show Run'), arguments: [{ folder: folder.uri.fsPath, runId, fromRow: true }] };
}
