import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { resolveSource, type SourceRef } from '../../ingest/sources';
import { SOURCE_KINDS, type SourceKind } from '../../ingest/types';
import type { ImportOutcome, SourceImports } from '../ingest/sourceImports';

/**
 * "Model Ledger: Import Runs…": pick a folder or file inside the workspace (an MLflow store or
 * mlflow.db, a DVCLive folder, a run log); its kind is detected, or asked for when it cannot be.
 */
export async function importRuns(imports: SourceImports, target?: vscode.Uri): Promise<ImportOutcome | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Importing runs writes the Model Ledger store, which an untrusted workspace does not allow.'));
    return undefined;
  }
  const uri = target ?? (await pickSource());
  if (!uri) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not inside a workspace folder; open its folder first.', uri.fsPath));
    return undefined;
  }
  const source = await resolveOrAsk(folder, uri);
  if (!source) return undefined;
  let outcome: ImportOutcome;
  try {
    outcome = await imports.importFolder(folder, [source], vscode.ProgressLocation.Notification);
  } catch (error) {
    // Logged by importFolder; the user asked for this import, so it is said here too.
    void vscode.window.showErrorMessage(vscode.l10n.t('Importing runs from {0} failed: {1}', vscode.workspace.asRelativePath(uri), errorMessage(error)));
    return undefined;
  }
  const runs = outcome.summaries.reduce((n, s) => n + s.runs, 0);
  const where = vscode.workspace.asRelativePath(uri);
  const message = runs === 1 ? vscode.l10n.t('Imported 1 run from {0}.', where) : vscode.l10n.t('Imported {0} runs from {1}.', runs, where);
  if (outcome.problems.length === 0) {
    void vscode.window.showInformationMessage(message);
  } else {
    const show = vscode.l10n.t('Show Problems');
    void vscode.window
      .showWarningMessage(`${message} ${vscode.l10n.t('{0} problem(s) in the source were skipped.', outcome.problems.length)}`, show)
      .then((choice) => choice === show && vscode.commands.executeCommand('workbench.actions.view.problems'));
  }
  return outcome;
}

async function pickSource(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    openLabel: vscode.l10n.t('Import Runs'),
    title: vscode.l10n.t('Import runs from an MLflow store or mlflow.db, a DVCLive folder or a run log'),
  });
  return picked?.[0];
}

async function resolveOrAsk(folder: vscode.WorkspaceFolder, uri: vscode.Uri): Promise<SourceRef | undefined> {
  try {
    return resolveSource(folder.uri.fsPath, uri.fsPath, undefined);
  } catch (error) {
    const kind = await vscode.window.showQuickPick([...SOURCE_KINDS], {
      title: errorMessage(error),
      placeHolder: vscode.l10n.t('Read it as which kind of source?'),
    });
    if (!kind) return undefined;
    try {
      return resolveSource(folder.uri.fsPath, uri.fsPath, kind as SourceKind);
    } catch (again) {
      void vscode.window.showErrorMessage(errorMessage(again));
      return undefined;
    }
  }
}
