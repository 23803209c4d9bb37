import * as vscode from 'vscode';
import { errorMessage, UserError } from '../../core/errors';
import { exportTimeline, type TimelineFormat } from '../../core/history/timelineExport';
import { pick, pickFolder } from '../registry/pickers';
import type { Feedback } from '../feedback';
import type { HistoryTreeProvider } from './historyTree';

const FORMATS: Record<TimelineFormat, { name: () => string }> = {
  csv: { name: () => vscode.l10n.t('CSV') },
  json: { name: () => vscode.l10n.t('JSON') },
};

/**
 * "Export History…": the events the History view shows (its filter applied, every row, not only
 * those the view lists) to a CSV or JSON file. A plain object `{ folder?, format, uri }` exports
 * without asking; returns the file written.
 */
export async function exportHistoryCommand(history: HistoryTreeProvider, feedback: Feedback, arg: unknown): Promise<vscode.Uri | undefined> {
  const title = vscode.l10n.t('Export History');
  const options = typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>) : {};
  const folders = history.folders();
  const folder =
    typeof options.folder === 'string' ? folders.find((f) => f.uri.fsPath === options.folder) : folders.length === 1 ? folders[0] : await pickFolder(folders, title);
  if (!folder) {
    if (typeof options.folder === 'string') throw new UserError(vscode.l10n.t('{0} is not a folder of this workspace.', options.folder));
    return undefined;
  }
  const format =
    options.format === 'csv' || options.format === 'json'
      ? options.format
      : await pick<TimelineFormat>(
          (Object.keys(FORMATS) as TimelineFormat[]).map((f) => ({ label: FORMATS[f].name(), value: f })),
          { title, placeHolder: vscode.l10n.t('Export as…') },
        );
  if (!format) return undefined;
  const events = history.events(folder);
  const uri =
    options.uri instanceof vscode.Uri
      ? options.uri
      : await vscode.window.showSaveDialog({
          title,
          defaultUri: vscode.Uri.joinPath(folder.uri, `model-ledger-history.${format}`),
          filters: { [FORMATS[format].name()]: [format] },
        });
  if (!uri) return undefined;
  try {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(exportTimeline(events, format)));
  } catch (error) {
    throw new UserError(vscode.l10n.t('The history could not be exported to {0}: {1}', uri.fsPath, errorMessage(error)), { cause: error });
  }
  void feedback.info(vscode.l10n.t('{0} events of the history were saved to {1}.', events.length, vscode.workspace.asRelativePath(uri)));
  return uri;
}
