import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { isFolderInside, resolveSource, type SourceRef } from '../../ingest/sources';
import { ORIGIN_OF, SOURCE_KINDS, type ImportSummary, type SourceKind } from '../../ingest/types';
import type { ImportOutcome, SourceImports } from '../ingest/sourceImports';
import { runsAndDeletedText } from '../views/runCounts';
import type { WorkspaceStores } from '../workspaceStores';

/**
 * "Model Ledger: Import Runs…": pick a folder or file inside the workspace (an MLflow store or
 * mlflow.db, a DVCLive folder, a run log); its kind is detected, or asked for when it cannot be.
 */
export async function importRuns(imports: SourceImports, stores: WorkspaceStores, target?: vscode.Uri): Promise<(ImportOutcome & { message: string }) | undefined> {
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
  const sources = await resolveOrAsk(imports, folder, uri);
  if (!sources) return undefined;
  let outcome: ImportOutcome;
  try {
    outcome = await imports.importFolder(folder, sources, vscode.ProgressLocation.Notification);
  } catch (error) {
    // Logged by importFolder; the user asked for this import, so it is said here too.
    void vscode.window.showErrorMessage(vscode.l10n.t('Importing runs from {0} failed: {1}', vscode.workspace.asRelativePath(uri), errorMessage(error)));
    return undefined;
  }
  const counts = sourceCounts(stores, folder, outcome.summaries);
  const where = vscode.workspace.asRelativePath(uri);
  // The Experiments view's words: deleted runs are counted apart, as the view hides them.
  const message = vscode.l10n.t('Imported from {0}: {1}.', where, runsAndDeletedText(counts.runs - counts.deleted, counts.deleted));
  const showDeleted = vscode.l10n.t('Show Deleted');
  const showProblems = vscode.l10n.t('Show Problems');
  const actions = counts.deleted > 0 ? [showDeleted] : [];
  const shown =
    outcome.problems.length === 0
      ? vscode.window.showInformationMessage(message, ...actions)
      : vscode.window.showWarningMessage(`${message} ${vscode.l10n.t('{0} problem(s) in the source were skipped.', outcome.problems.length)}`, showProblems, ...actions);
  void shown.then((choice) => {
    if (choice === showProblems) return vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice === showDeleted) return vscode.commands.executeCommand('modelLedger.showDeleted');
    return undefined;
  });
  return { ...outcome, message };
}

/** How many runs the imported sources hold in the store now, and how many of them are deleted; what the import read when there is no store. */
function sourceCounts(stores: WorkspaceStores, folder: vscode.WorkspaceFolder, summaries: readonly ImportSummary[]): { runs: number; deleted: number } {
  const state = stores.read(folder);
  if (state.kind !== 'ready') return { runs: summaries.reduce((n, s) => n + s.runs, 0), deleted: 0 };
  return summaries
    .map((s) => state.store.runs.countFromSource(ORIGIN_OF[s.kind], s.source))
    .reduce((sum, c) => ({ runs: sum.runs + c.runs, deleted: sum.deleted + c.deleted }), { runs: 0, deleted: 0 });
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

/** The source picked, or the sources in a folder that is none itself (as `dvclive/` of one run per fold), or a source of the kind the user names. */
async function resolveOrAsk(imports: SourceImports, folder: vscode.WorkspaceFolder, uri: vscode.Uri): Promise<SourceRef[] | undefined> {
  try {
    return [resolveSource(folder.uri.fsPath, uri.fsPath, undefined)];
  } catch (error) {
    const nested = isFolderInside(folder.uri.fsPath, uri.fsPath)
      ? await imports.sourcesIn(uri.fsPath).catch(() => []) // logged; the user is asked for the kind instead
      : [];
    if (nested.length > 0) return nested;
    const kind = await vscode.window.showQuickPick([...SOURCE_KINDS], {
      title: errorMessage(error),
      placeHolder: vscode.l10n.t('Read it as which kind of source?'),
    });
    if (!kind) return undefined;
    try {
      return [resolveSource(folder.uri.fsPath, uri.fsPath, kind as SourceKind)];
    } catch (again) {
      void vscode.window.showErrorMessage(errorMessage(again));
      return undefined;
    }
  }
}
