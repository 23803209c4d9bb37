import * as vscode from 'vscode';
import type { TreeNode } from '../treeNode';

/**
 * The last row of a paged list: selecting it shows the next page. Its id names how many rows come
 * before it, so once the page is loaded the row the user selected is gone and nothing stays
 * selected on the new "Load more…" 200 rows further down.
 */
export class LoadMoreNode implements TreeNode {
  constructor(
    readonly parent: TreeNode & { readonly key: string },
    /** Rows listed before it: the index of the first row the next page adds. */
    readonly shown: number,
    private readonly remaining: number,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Load more… ({0} more)', this.remaining), vscode.TreeItemCollapsibleState.None);
    item.id = `more:${this.parent.key}:${this.shown}`;
    item.iconPath = new vscode.ThemeIcon('more');
    item.contextValue = 'loadMore';
    item.command = { command: 'modelLedger.loadMore', title: vscode.l10n.t('Load More'), arguments: [this] };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
