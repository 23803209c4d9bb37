import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { localDataPath } from '../../../core/lineage/dataPath';
import type { VersionDataset } from '../../../core/lineage/types';
import type { DatasetInput } from '../../../core/types';
import type { TreeNode } from '../treeNode';

/** Where a dataset row came from, for its tooltip. */
export interface DatasetOrigin {
  /** The version's registration tag, when the tag lists the dataset. */
  tag: string | null;
  /** The run that logged it as an input (a version's source run, or an evaluation run). */
  runName: string | null;
}

/**
 * One dataset of a version or of an evaluation: its path, role and short hash; the tooltip has the
 * full hash and where Model Ledger learnt of it; a click opens the file when it is here.
 */
export class DatasetNode implements TreeNode {
  constructor(
    private readonly folder: vscode.WorkspaceFolder,
    private readonly id: string,
    private readonly dataset: VersionDataset | (DatasetInput & { role?: undefined }),
    private readonly origin: DatasetOrigin,
  ) {}

  private localFile(): string | null {
    const file = localDataPath(this.folder.uri.fsPath, this.dataset.path);
    return file !== null && fs.existsSync(file) ? file : null;
  }

  getTreeItem(): vscode.TreeItem {
    const d = this.dataset;
    const item = new vscode.TreeItem(d.path, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('database');
    item.description = [d.role === undefined ? undefined : roleLabel(d.role), d.sha256 ? d.sha256.slice(0, 8) : vscode.l10n.t('no hash')].filter(Boolean).join(' · ');
    const file = this.localFile();
    item.contextValue = file ? 'lineage.dataset.local' : 'lineage.dataset';
    if (file) item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Data File'), arguments: [vscode.Uri.file(file)] };
    item.accessibilityInformation = { label: [d.path, d.role === undefined ? undefined : roleLabel(d.role)].filter(Boolean).join(', ') };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }

  resolve(item: vscode.TreeItem): vscode.TreeItem {
    const d = this.dataset;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('$(database) **').appendText(d.path).appendMarkdown('**');
    if (d.role !== undefined) md.appendText(` (${roleLabel(d.role)})`);
    md.appendMarkdown('\n\n');
    md.appendText(d.sha256 ? vscode.l10n.t('sha256 {0}', d.sha256) : vscode.l10n.t('No sha256 recorded: not a file here when it was recorded, or its source gave none.')).appendMarkdown('\n\n');
    if ('profile' in d && d.profile) md.appendText(vscode.l10n.t('Profile {0}', d.profile)).appendMarkdown('\n\n');
    if (this.origin.tag) md.appendMarkdown('$(tag) ').appendText(vscode.l10n.t('Recorded in tag {0} at registration', this.origin.tag)).appendMarkdown('\n\n');
    if (this.origin.runName) md.appendMarkdown('$(beaker) ').appendText(vscode.l10n.t('Logged as an input by run {0}', this.origin.runName)).appendMarkdown('\n\n');
    md.appendText(this.localFile() ? vscode.l10n.t('Select to open the file.') : vscode.l10n.t('Not in this workspace.'));
    item.tooltip = md;
    return item;
  }
}

function roleLabel(role: VersionDataset['role']): string {
  return role === 'training' ? vscode.l10n.t('training') : vscode.l10n.t('evaluation');
}
