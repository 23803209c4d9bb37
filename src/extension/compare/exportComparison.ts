import * as vscode from 'vscode';
import { errorMessage, UserError } from '../../core/errors';
import { exportTable, type TableFormat } from '../../core/compare/tableExport';
import { runLabelText } from '../../common/runLabelText';
import { collectComparison, type CompareRequest } from '../../store/compareQueries';
import type { Store } from '../../store/store';

const FORMATS: Record<TableFormat, { name: () => string; extension: string }> = {
  csv: { name: () => vscode.l10n.t('CSV'), extension: 'csv' },
  markdown: { name: () => vscode.l10n.t('Markdown'), extension: 'md' },
};

/**
 * "Export" of the compare panel: the table as the panel shows it (baseline, order, only the
 * differences when that is on) to the clipboard or a file the user names. Says how it went;
 * a failure is thrown as a UserError that names what could not be done.
 */
export async function exportComparison(store: Store, request: CompareRequest, folder: vscode.Uri, format: TableFormat, target: 'clipboard' | 'file'): Promise<void> {
  // No charts: the table alone is exported.
  const { table, runs } = collectComparison(store, { ...request, chosenMetrics: [] });
  // Runs that share a name are told apart in the header as in the panel: "name (lr=0.1)".
  const text = exportTable(table, runs.map(runLabelText), format);
  const { name, extension } = FORMATS[format];
  try {
    if (target === 'clipboard') {
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(vscode.l10n.t('The comparison table was copied as {0}.', name()));
      return;
    }
    const uri = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export Comparison'),
      defaultUri: vscode.Uri.joinPath(folder, `comparison.${extension}`),
      filters: { [name()]: [extension] },
    });
    if (!uri) return;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(vscode.l10n.t('The comparison table was saved to {0}.', vscode.workspace.asRelativePath(uri)));
  } catch (error) {
    // The panel shows and logs it.
    throw new UserError(vscode.l10n.t('The comparison table could not be exported: {0}', errorMessage(error)), { cause: error });
  }
}
