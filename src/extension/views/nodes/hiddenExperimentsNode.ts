import * as vscode from 'vscode';
import type { TreeNode } from '../treeNode';

/** The last row of a folder's experiments when deleted ones are hidden: how many, and the way to show them. */
export class HiddenExperimentsNode implements TreeNode {
  constructor(
    private readonly folderKey: string,
    private readonly count: number,
    readonly parent: TreeNode | undefined,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const label = this.count === 1 ? vscode.l10n.t('1 deleted experiment') : vscode.l10n.t('{0} deleted experiments', this.count);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `hiddenExperiments:${this.folderKey}`;
    item.iconPath = new vscode.ThemeIcon('trash', new vscode.ThemeColor('disabledForeground'));
    item.description = vscode.l10n.t('hidden · select to show');
    item.tooltip = vscode.l10n.t('Deleted experiments and runs are hidden. Show Deleted (in the view\'s menu) lists them; Hide Deleted hides them again.');
    item.contextValue = 'message';
    item.command = { command: 'modelLedger.showDeleted', title: vscode.l10n.t('Show Deleted') };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
