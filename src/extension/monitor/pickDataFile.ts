import * as vscode from 'vscode';
import { pick, type Choice } from '../registry/pickers';

/** The data files drift checks and profiles read (src/data reads these formats). */
export const DATA_FILE_GLOB = '**/*.{csv,tsv,parquet,jsonl,ndjson}';
const DATA_FILE_EXTENSIONS = ['csv', 'tsv', 'parquet', 'jsonl', 'ndjson'];
const MOST_FILES_LISTED = 500;

/**
 * A data file: one of the workspace's (outside node_modules and .modelledger), or any file
 * through "Browse…". Undefined when the user backs out.
 */
export async function pickDataFile(title: string, placeHolder: string): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles(DATA_FILE_GLOB, '{**/node_modules/**,**/.modelledger/**,**/.git/**}', MOST_FILES_LISTED);
  const browse: Choice<'browse'> = { label: vscode.l10n.t('Browse…'), iconPath: new vscode.ThemeIcon('folder-opened'), value: 'browse' };
  const choices: Choice<vscode.Uri | 'browse'>[] = [
    ...files
      .sort((a, b) => a.fsPath.localeCompare(b.fsPath))
      .map((uri) => ({ label: vscode.workspace.asRelativePath(uri, true), iconPath: vscode.ThemeIcon.File, value: uri })),
    browse,
  ];
  const chosen = await pick(choices, { title, placeHolder });
  if (chosen !== 'browse') return chosen;
  const [uri] = (await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: { [vscode.l10n.t('Data files')]: DATA_FILE_EXTENSIONS } })) ?? [];
  return uri;
}
