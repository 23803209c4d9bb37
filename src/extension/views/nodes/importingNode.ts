import * as vscode from 'vscode';
import type { FolderImport } from '../importProgress';
import type { TreeNode } from '../treeNode';

/** The row a view shows at the top of a folder while its runs are being imported: what is read, how far. */
export class ImportingNode implements TreeNode {
  constructor(
    private readonly folderKey: string,
    private progress: FolderImport,
    public parent: TreeNode | undefined,
  ) {}

  update(progress: FolderImport, parent: TreeNode | undefined): void {
    this.progress = progress;
    this.parent = parent;
  }

  getTreeItem(): vscode.TreeItem {
    const { source, done, total } = this.progress;
    const item = new vscode.TreeItem(vscode.l10n.t('Importing runs…'), vscode.TreeItemCollapsibleState.None);
    item.id = `importing:${this.folderKey}`;
    item.iconPath = new vscode.ThemeIcon('loading~spin');
    const count = total === null ? vscode.l10n.t('{0} runs so far', done) : vscode.l10n.t('{0} of {1} runs', done, total);
    item.description = source === null ? vscode.l10n.t('finding run sources') : `${source}: ${count}`;
    item.tooltip = vscode.l10n.t('Counts below are partial until the import ends.');
    item.contextValue = 'importing';
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
