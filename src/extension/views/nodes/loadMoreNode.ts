import * as vscode from 'vscode';
import type { TreeNode } from '../treeNode';

/** The last row of a paged list: selecting it shows the next page. */
export class LoadMoreNode implements TreeNode {
  constructor(
    private readonly id: string,
    private readonly remaining: number,
    private readonly loadMore: () => void,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Load more… ({0} more)', this.remaining), vscode.TreeItemCollapsibleState.None);
    item.id = `more:${this.id}`;
    item.iconPath = new vscode.ThemeIcon('more');
    item.contextValue = 'loadMore';
    item.command = { command: 'modelLedger.loadMore', title: vscode.l10n.t('Load More'), arguments: [this] };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }

  run(): void {
    this.loadMore();
  }
}
